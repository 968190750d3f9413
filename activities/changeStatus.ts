// Status changes by the provider: In progress, On hold (with a reason), Closed (with a reason and
// summary) and Reopened. Each writes the case and its timeline entry in one transaction; the entry
// marks the change as done, so a retried activity changes nothing twice.
import type { ActivityDeps } from './deps';
import { caseByReference } from './caseRecord';
import { eventRow } from './timeline';
import { CASE_STATUS_LABELS, type CaseStatus } from '../domain/caseStatus';
import type { ActingPerson } from '../workflows/messages';
import { toSnapshot, type CaseSnapshot } from './caseSnapshot';

export interface StatusChangeInput {
  reference: string;
  by: ActingPerson;
  eventId: string;
  at: string;
  to: 'IN_PROGRESS' | 'ON_HOLD' | 'CLOSED' | 'REOPENED';
  reason: string;
  summary?: string;
}

export const changeStatus =
  ({ db }: ActivityDeps) =>
  async (i: StatusChangeInput): Promise<CaseSnapshot> => {
    const c = await caseByReference(db, i.reference);
    if (await db.timelineEvent.findUnique({ where: { id: i.eventId } })) return toSnapshot(c);
    const at = new Date(i.at);
    const status: CaseStatus = i.to === 'REOPENED' ? (c.ownerId ? 'ASSIGNED' : 'ALLOCATED') : i.to;
    const data =
      i.to === 'CLOSED'
        ? { status, closedAt: at, closureReason: i.reason, closureSummary: i.summary ?? null, onHoldReason: null, overdue: false }
        : i.to === 'REOPENED'
          ? { status, closedAt: null, closureReason: null, closureSummary: null }
          : { status, onHoldReason: i.to === 'ON_HOLD' ? i.reason : null, ...(i.to === 'IN_PROGRESS' && !c.firstContactAt ? { firstContactAt: at } : {}) };
    const before = CASE_STATUS_LABELS[c.status as CaseStatus] ?? c.status;
    const after = CASE_STATUS_LABELS[status];
    const summary = {
      IN_PROGRESS: 'Status changed to In progress',
      ON_HOLD: `Status changed to On hold: ${i.reason}`,
      CLOSED: `Case closed: ${i.reason}`,
      REOPENED: `Case reopened: ${i.reason}`,
    }[i.to];
    const [updated] = await db.$transaction([
      db.case.update({ where: { id: c.id }, data: { ...data, lastActivityAt: at } }),
      eventRow(db, {
        id: i.eventId,
        caseId: c.id,
        actorId: i.by.id,
        actorName: i.by.name,
        kind: i.to === 'CLOSED' ? 'CASE_CLOSED' : i.to === 'REOPENED' ? 'CASE_REOPENED' : 'STATUS_CHANGED',
        summary,
        before,
        after,
        createdAt: at,
      }),
    ]);
    return toSnapshot(updated);
  };
