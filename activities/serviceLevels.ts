// Service-level deadlines, worked out outside the workflow (time zone, public holidays from the
// database) so its replay never depends on the machine; and recording reminders (and overdue cases).
import type { ActivityDeps } from './deps';
import { caseByReference } from './caseRecord';
import { recordEvent } from './timeline';
import { parseServiceLevel, serviceLevelDeadline } from '../domain/workingDays';

export interface DeadlineRequest {
  key: string;
  from: string;
  level: string;
}

export const serviceLevelDeadlines =
  ({ db }: ActivityDeps) =>
  async (requests: DeadlineRequest[]): Promise<Record<string, string>> => {
    const holidays = (await db.publicHoliday.findMany({ select: { date: true } })).map((h) => h.date);
    const out: Record<string, string> = {};
    for (const r of requests) {
      const level = parseServiceLevel(r.level);
      if (level) out[r.key] = serviceLevelDeadline(new Date(r.from), level, holidays).toISOString();
    }
    return out;
  };

/** A service-level reminder or escalation that went out, on the provider's timeline. */
export const recordReminder =
  ({ db }: ActivityDeps) =>
  async (i: { reference: string; eventId: string; at: string; summary: string; overdue?: boolean }): Promise<void> => {
    const c = await caseByReference(db, i.reference);
    if (i.overdue) await db.case.update({ where: { id: c.id }, data: { overdue: true } });
    await recordEvent(db, {
      id: i.eventId,
      caseId: c.id,
      actorId: null,
      actorName: 'Attendance Service',
      kind: 'SERVICE_LEVEL',
      summary: i.summary,
      audience: 'PROVIDER',
      createdAt: new Date(i.at),
    });
  };
