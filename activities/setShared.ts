// Shares a provider comment, file or service referral with the school, or stops sharing it.
import type { ActivityDeps } from './deps';
import { caseByReference, refused } from './caseRecord';
import { eventRow } from './timeline';
import type { SetSharedInput } from '../workflows/messages';

export const setShared =
  ({ db }: ActivityDeps) =>
  async (i: SetSharedInput & { reference: string; eventId: string; at: string }): Promise<{ changed: boolean; label: string }> => {
    const c = await caseByReference(db, i.reference);
    const at = new Date(i.at);
    let label: string;
    let current: boolean;
    if (i.kind === 'comment') {
      const item = await db.comment.findFirst({ where: { id: i.itemId, caseId: c.id } });
      if (!item || item.authorSide !== 'PROVIDER') throw refused('Only provider comments on this case can be shared or unshared.');
      current = item.shared;
      label = `comment of ${item.createdAt.toISOString().slice(0, 10)} by ${item.authorName}`;
    } else if (i.kind === 'file') {
      const item = await db.caseFile.findFirst({ where: { id: i.itemId, caseId: c.id } });
      if (!item || item.authorSide !== 'PROVIDER') throw refused('Only provider files on this case can be shared or unshared.');
      current = item.shared;
      label = `file ${item.name}`;
    } else {
      const item = await db.serviceReferral.findFirst({ where: { id: i.itemId, caseId: c.id } });
      if (!item) throw refused('That service referral is not on this case.');
      current = item.shared;
      label = `service referral ${item.number}`;
    }
    if (current === i.shared) return { changed: false, label };
    const update =
      i.kind === 'comment'
        ? db.comment.update({ where: { id: i.itemId }, data: { shared: i.shared } })
        : i.kind === 'file'
          ? db.caseFile.update({ where: { id: i.itemId }, data: { shared: i.shared } })
          : db.serviceReferral.update({ where: { id: i.itemId }, data: { shared: i.shared, updatedAt: at } });
    await db.$transaction([
      update,
      eventRow(db, {
        id: i.eventId,
        caseId: c.id,
        actorId: i.by.id,
        actorName: i.by.name,
        kind: i.shared ? 'SHARED' : 'UNSHARED',
        summary: `${i.shared ? 'Shared' : 'Stopped sharing'} ${label} ${i.shared ? 'with' : 'with'} the school`,
        audience: 'PROVIDER',
        before: current ? 'shared' : 'internal',
        after: i.shared ? 'shared' : 'internal',
        createdAt: at,
      }),
    ]);
    return { changed: true, label };
  };
