// Names a new Primary Contact (or updates the current one's details). The person must still hold
// the Primary Contact or Attendance Lead role at the case's school or the student's school.
import type { ActivityDeps } from './deps';
import { caseByReference, refused } from './caseRecord';
import { eventRow } from './timeline';
import type { ChangePrimaryContactInput } from '../workflows/messages';

export interface ContactChange {
  previous: { id: string; name: string; email: string | null };
  changedPerson: boolean;
}

export const changePrimaryContact =
  ({ db }: ActivityDeps) =>
  async (i: ChangePrimaryContactInput & { reference: string; eventId: string; at: string }): Promise<ContactChange> => {
    const c = await caseByReference(db, i.reference);
    const schools = [c.schoolId, c.currentSchoolId].filter((s): s is string => Boolean(s));
    const eligible = await db.user.findFirst({
      where: { id: i.userId, active: true, roles: { some: { role: { in: ['PRIMARY_CONTACT', 'ATTENDANCE_LEAD'] }, schoolId: { in: schools } } } },
    });
    // Already applied by an earlier attempt of this activity: report what it changed.
    const done = await db.timelineEvent.findUnique({ where: { id: i.eventId } });
    if (done) {
      return { previous: JSON.parse(done.before ?? '{}') as ContactChange['previous'], changedPerson: done.kind === 'PRIMARY_CONTACT_CHANGED' };
    }
    if (!eligible) {
      throw refused(`${i.name} cannot be the Primary Contact: they need the Primary Contact or Attendance Lead role at the school. Your Delegated Authoriser can arrange this.`);
    }
    const previous = { id: c.primaryContactId, name: c.primaryContactName, email: c.primaryContactEmail };
    const changedPerson = c.primaryContactId !== i.userId;
    const at = new Date(i.at);
    // One transaction: the change and its timeline entry (the entry marks the change as done).
    await db.$transaction([
      db.case.update({
        where: { id: c.id },
        data: {
          primaryContactId: eligible.id,
          primaryContactName: eligible.name,
          primaryContactPhone: i.phone,
          primaryContactEmail: i.email,
          primaryContactNotes: i.notes || null,
          lastActivityAt: at,
        },
      }),
      eventRow(db, {
      id: i.eventId,
      caseId: c.id,
      actorId: i.by.id,
      actorName: i.by.name,
      kind: changedPerson ? 'PRIMARY_CONTACT_CHANGED' : 'PRIMARY_CONTACT_UPDATED',
      summary: changedPerson
        ? `Primary Contact changed from ${previous.name} to ${eligible.name}`
        : `Primary Contact details updated for ${eligible.name}`,
      before: JSON.stringify(previous),
      after: JSON.stringify({ id: eligible.id, name: eligible.name, phone: i.phone, email: i.email }),
      createdAt: at,
      }),
    ]);
    return { previous, changedPerson };
  };
