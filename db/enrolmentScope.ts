// "Currently enrolled" (DESIGN.md §1) comes from enrolment records. Each case keeps the student's
// current school in Case.currentSchoolId so that lists filter on one indexed column; this is the
// one place that derives it, called whenever enrolments change or a case opens.
import type { Db } from './prisma';

/** The school a student is enrolled at on the given day: the latest enrolment that has started and not ended. */
export async function currentSchoolOf(db: Db, studentId: string, at: Date = new Date()): Promise<string | null> {
  const enrolment = await db.enrolment.findFirst({
    where: { studentId, startDate: { lte: at }, OR: [{ endDate: null }, { endDate: { gt: at } }] },
    orderBy: { startDate: 'desc' },
  });
  return enrolment?.schoolId ?? null;
}

/** Moves every case of the student into the scope of the school they are enrolled at today. */
export async function refreshCaseScope(db: Db, studentId: string, at: Date = new Date()): Promise<string | null> {
  const schoolId = await currentSchoolOf(db, studentId, at);
  await db.case.updateMany({ where: { studentId, NOT: { currentSchoolId: schoolId } }, data: { currentSchoolId: schoolId } });
  // NOT(x = NULL) matches nothing in SQL, so cases still without a school are set separately.
  if (schoolId !== null) await db.case.updateMany({ where: { studentId, currentSchoolId: null }, data: { currentSchoolId: schoolId } });
  return schoolId;
}
