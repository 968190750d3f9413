// "Currently enrolled" (DESIGN.md §1) comes from enrolment records. Each case keeps the student's
// current school in Case.currentSchoolId (and whether that differs from the school that asked) so
// that lists filter on indexed columns; this is the one place that derives them, called whenever
// enrolments change or a case opens.
import type { Db } from './prisma';

/** The school a student is enrolled at on the given day: the latest enrolment that has started and not ended. */
export async function currentSchoolOf(db: Db, studentId: string, at: Date = new Date()): Promise<string | null> {
  const enrolment = await db.enrolment.findFirst({
    where: { studentId, startDate: { lte: at }, OR: [{ endDate: null }, { endDate: { gt: at } }] },
    orderBy: { startDate: 'desc' },
  });
  return enrolment?.schoolId ?? null;
}

/**
 * Moves every case of the student into the scope of the school they are enrolled at today, and
 * marks those whose student has left the school that asked.
 */
export async function refreshCaseScope(db: Db, studentId: string, at: Date = new Date()): Promise<string | null> {
  const schoolId = await currentSchoolOf(db, studentId, at);
  const cases = await db.case.findMany({ where: { studentId }, select: { id: true, schoolId: true, currentSchoolId: true, leftReferringSchool: true } });
  for (const c of cases) {
    const left = c.schoolId !== schoolId;
    if (c.currentSchoolId !== schoolId || c.leftReferringSchool !== left) {
      await db.case.update({ where: { id: c.id }, data: { currentSchoolId: schoolId, leftReferringSchool: left } });
    }
  }
  return schoolId;
}
