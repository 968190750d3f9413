// Adds a service referral (numbered REF-…) or updates one, recording the change on the timeline.
import type { ActivityDeps } from './deps';
import { caseByReference, refused } from './caseRecord';
import { eventRow } from './timeline';
import { formatReferralNumber } from '../domain/numbers';
import { nextNumber } from '../requests/numbers';
import type { SaveReferralInput } from '../workflows/messages';

export const saveReferral =
  ({ db }: ActivityDeps) =>
  async (i: SaveReferralInput & { reference: string; eventId: string; newId: string; at: string }): Promise<{ id: string; number: string }> => {
    const c = await caseByReference(db, i.reference);
    const at = new Date(i.at);
    const fields = {
      date: new Date(i.date),
      source: i.source,
      status: i.status,
      serviceName: i.serviceName,
      serviceProvider: i.serviceProvider,
      shared: i.shared,
    };
    if (!i.referralId) {
      const existing = await db.serviceReferral.findUnique({ where: { id: i.newId } });
      if (existing) return { id: existing.id, number: existing.number };
      const number = formatReferralNumber(await nextNumber(db, 'referralNumber'));
      await db.$transaction([
        db.serviceReferral.create({ data: { id: i.newId, caseId: c.id, number, ...fields, createdById: i.by.id, createdAt: at, updatedAt: at } }),
        eventRow(db, {
          id: i.eventId,
          caseId: c.id,
          actorId: i.by.id,
          actorName: i.by.name,
          kind: 'REFERRAL_ADDED',
          summary: `Service referral ${number} added: ${i.serviceName} (${i.serviceProvider}), ${i.status}`,
          referralId: i.newId,
          after: JSON.stringify(fields),
          createdAt: at,
        }),
        db.case.update({ where: { id: c.id }, data: { lastActivityAt: at } }),
      ]);
      return { id: i.newId, number };
    }
    const current = await db.serviceReferral.findFirst({ where: { id: i.referralId, caseId: c.id } });
    if (!current) throw refused('That service referral is not on this case.');
    if (await db.timelineEvent.findUnique({ where: { id: i.eventId } })) return { id: current.id, number: current.number };
    const changes = Object.entries({ status: i.status, serviceName: i.serviceName, serviceProvider: i.serviceProvider, source: i.source })
      .filter(([k, v]) => (current as unknown as Record<string, unknown>)[k] !== v)
      .map(([k, v]) => `${k} ${String((current as unknown as Record<string, unknown>)[k])} → ${v}`);
    await db.$transaction([
      db.serviceReferral.update({ where: { id: current.id }, data: { ...fields, updatedAt: at } }),
      eventRow(db, {
        id: i.eventId,
        caseId: c.id,
        actorId: i.by.id,
        actorName: i.by.name,
        kind: 'REFERRAL_UPDATED',
        summary: `Service referral ${current.number} updated${changes.length ? `: ${changes.join(', ')}` : ''}`,
        referralId: current.id,
        before: JSON.stringify({ date: current.date, source: current.source, status: current.status, serviceName: current.serviceName, serviceProvider: current.serviceProvider, shared: current.shared }),
        after: JSON.stringify(fields),
        createdAt: at,
      }),
      db.case.update({ where: { id: c.id }, data: { lastActivityAt: at } }),
    ]);
    return { id: current.id, number: current.number };
  };
