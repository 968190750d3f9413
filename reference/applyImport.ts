// Writes an import's plan in one database transaction: all of it or none of it. New rows go in with
// createMany (batched), changed rows are updated one by one (a re-import has none), then the cases of
// every student whose enrolments changed follow them to the school they are enrolled at today.
import type { Db } from '../db/prisma';
import { refreshCaseScope } from '../db/enrolmentScope';
import { parseLocalDay } from '../domain/dates';
import type { ImportPlan } from './planImport';

const CHUNK = 500;
const day = (value: string) => parseLocalDay(value)!;
const dayOrNull = (value: string | null | undefined) => (value ? day(value) : value === null ? null : undefined);

async function createInChunks<T>(rows: T[], create: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await create(rows.slice(i, i + CHUNK));
}

/** Applies the plan; returns how many cases moved to another school's scope. */
export async function applyImport(db: Db, plan: ImportPlan, now = new Date()): Promise<number> {
  return db.$transaction(
    async (tx) => {
      // Providers first: catchments and schools point at them; catchments before schools.
      await createInChunks(plan.providers.create, (data) => tx.provider.createMany({ data }));
      for (const { id, ...data } of plan.providers.update) await tx.provider.update({ where: { id }, data });
      await createInChunks(plan.catchments.create, (data) => tx.catchment.createMany({ data }));
      for (const { id, ...data } of plan.catchments.update) await tx.catchment.update({ where: { id }, data });
      await createInChunks(plan.schools.create, (data) => tx.school.createMany({ data }));
      for (const { id, ...data } of plan.schools.update) await tx.school.update({ where: { id }, data });

      const student = (s: ImportPlan['students']['create'][number]) => ({
        nsn: s.nsn,
        givenName: s.givenName,
        familyName: s.familyName,
        nameSearch: `${s.givenName} ${s.familyName}`.toLowerCase(),
        dateOfBirth: day(s.dateOfBirth),
      });
      await createInChunks(plan.students.create, (chunk) => tx.student.createMany({ data: chunk.map((s) => ({ id: s.id, ...student(s) })) }));
      for (const s of plan.students.update) {
        const data = student(s);
        await tx.student.update({ where: { id: s.id }, data });
        // Cases keep a copy of the learner's name for their lists: a corrected name shows there too.
        await tx.case.updateMany({ where: { studentId: s.id }, data: { learnerName: `${s.givenName} ${s.familyName}`, learnerSearch: data.nameSearch } });
      }

      await createInChunks(plan.enrolments.create, (chunk) =>
        tx.enrolment.createMany({
          data: chunk.map((e) => ({ id: e.id, studentId: e.studentId, schoolId: e.schoolId, startDate: day(e.startDate), endDate: dayOrNull(e.endDate) ?? null })),
        }),
      );
      for (const e of plan.enrolments.update) await tx.enrolment.update({ where: { id: e.id }, data: { endDate: dayOrNull(e.endDate) ?? null } });

      // Only students with cases need their cases' scope refreshed: find them in one query per chunk.
      const casesOf = new Map<string, (string | null)[]>();
      for (let i = 0; i < plan.movedStudents.length; i += CHUNK) {
        const cases = await tx.case.findMany({ where: { studentId: { in: plan.movedStudents.slice(i, i + CHUNK) } }, select: { studentId: true, currentSchoolId: true } });
        for (const c of cases) casesOf.set(c.studentId, [...(casesOf.get(c.studentId) ?? []), c.currentSchoolId]);
      }
      let moved = 0;
      for (const [studentId, schoolsBefore] of casesOf) {
        // refreshCaseScope takes the client; a transaction's client has the same models it uses
        // (enrolment.findFirst, case.findMany, case.update), so the scope moves inside this transaction.
        const schoolId = await refreshCaseScope(tx as unknown as Db, studentId, now);
        moved += schoolsBefore.filter((was) => was !== schoolId).length;
      }
      return moved;
    },
    // A big first import (50,000 students) takes seconds, more than Prisma's default of 5.
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
}
