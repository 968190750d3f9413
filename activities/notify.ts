// Case notifications: who hears about each event, and one email each, sent once (sendOnce keys
// every email by event and recipient). Regular activities: a relay that is down is retried by
// Temporal until it is back.
import type { ActivityDeps } from './deps';
import { caseByReference } from './caseRecord';
import { sendOnce } from './sendOnce';
import { renderCaseEvent } from '../mail/render';
import type { CaseEventName } from '../mail/events';
import { formatDate } from '../domain/dates';

export type Audience = 'owner' | 'ownerOrLeads' | 'leads' | 'contact' | { userId: string };

export interface NotifyInput {
  /** Unique per occurrence of the event: with the recipient, the email's idempotency key. */
  key: string;
  reference: string;
  event: CaseEventName;
  to: Audience[];
  /** Who caused it: never emailed about their own action. */
  actorId?: string | null;
  data?: Record<string, unknown>;
}

interface Recipient {
  id: string;
  name: string;
  email: string;
}

export const notify =
  (deps: ActivityDeps) =>
  async (n: NotifyInput): Promise<number> => {
    const { db } = deps;
    const c = await caseByReference(db, n.reference);
    const [school, provider, owner] = await Promise.all([
      db.school.findUniqueOrThrow({ where: { id: c.schoolId } }),
      c.providerId ? db.provider.findUnique({ where: { id: c.providerId } }) : null,
      c.ownerId ? db.user.findUnique({ where: { id: c.ownerId } }) : null,
    ]);
    const leads = async (): Promise<Recipient[]> =>
      c.providerId
        ? db.user.findMany({ where: { active: true, roles: { some: { role: 'WORKFLOW_LEAD', providerId: c.providerId } } }, orderBy: { id: 'asc' } })
        : [];
    const recipients = new Map<string, Recipient>();
    const add = (r: Recipient | null | undefined) => {
      if (r && r.email && r.id !== n.actorId) recipients.set(r.id, r);
    };
    for (const a of n.to) {
      if (a === 'owner') add(owner);
      else if (a === 'leads') (await leads()).forEach(add);
      else if (a === 'ownerOrLeads') (owner ? [owner] : await leads()).forEach(add);
      else if (a === 'contact') add({ id: c.primaryContactId, name: c.primaryContactName, email: c.primaryContactEmail ?? '' });
      else add(await db.user.findUnique({ where: { id: a.userId } }));
    }
    const data = {
      reference: c.reference,
      schoolName: school.name,
      providerName: provider?.name ?? '',
      ownerName: owner?.name ?? '',
      ownerEmail: owner?.email ?? '',
      ownerPhone: owner?.phone ?? '',
      contactName: c.primaryContactName,
      allocatedOn: c.allocatedAt ? formatDate(c.allocatedAt) : '',
      assignedOn: c.assignedAt ? formatDate(c.assignedAt) : '',
      lastActivityOn: formatDate(c.lastActivityAt),
      openedOn: formatDate(c.openedAt),
      caseUrl: `${deps.publicUrl}/cases/${c.reference}`,
      replyHint: null,
      ...n.data,
    };
    // Provider staff can answer a notification by email: theirs carry a reply address that
    // turns the reply into a comment on the case.
    const providerStaff = new Set(
      c.providerId
        ? (await db.roleAssignment.findMany({ where: { providerId: c.providerId, userId: { in: [...recipients.keys()] } }, select: { userId: true } })).map((r) => r.userId)
        : [],
    );
    for (const r of recipients.values()) {
      const replyToken = providerStaff.has(r.id) ? deps.replyTokens.issue(c.reference, r.id) : undefined;
      const replyHint = replyToken ? 'Reply to this email to add a comment to the case. It stays internal to your service until you share it.' : null;
      const rendered = renderCaseEvent(n.event, { ...data, replyHint, recipientName: r.name });
      await sendOnce(deps, { key: `${n.key}:${r.id}`, to: { email: r.email, name: r.name }, template: n.event, caseReference: c.reference, rendered, replyToken });
    }
    return recipients.size;
  };
