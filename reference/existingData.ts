// What the database already holds that an import touches or points at, read in a few batched
// queries (never one per row): 50,000 students are read 500 at a time.
import type { Db } from '../db/prisma';
import { localDay } from '../domain/dates';
import type { RowsByKind } from './rowRules';

export interface ExistingEnrolment {
  id: string;
  studentId: string;
  schoolId: string;
  startDay: string;
  endDay: string | null;
}

export interface ExistingData {
  catchments: Map<string, { id: string; name: string; providerId: string | null }>;
  providers: Map<string, { id: string; name: string; kind: string; email: string | null; phone: string | null; autoAssign: boolean }>;
  schools: Map<string, { id: string; name: string; catchmentId: string; inSchoolProviderId: string | null }>;
  students: Map<string, { id: string; nsn: string; givenName: string; familyName: string; dateOfBirth: string }>;
  /** NSN → the id of the student who holds it. */
  studentByNsn: Map<string, string>;
  /** Every enrolment of the students that enrolments.csv names. */
  enrolments: Map<string, ExistingEnrolment[]>;
}

const CHUNK = 500;

async function inChunks<T>(values: Iterable<string>, read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const all = [...new Set(values)];
  const out: T[] = [];
  for (let i = 0; i < all.length; i += CHUNK) out.push(...(await read(all.slice(i, i + CHUNK))));
  return out;
}

// The Prisma client or a transaction's client: both have the models.
type Reader = Pick<Db, 'catchment' | 'provider' | 'school' | 'student' | 'enrolment'>;

export async function readExisting(db: Reader, rows: RowsByKind): Promise<ExistingData> {
  // Catchments, providers and schools are a few hundred rows at most: read them whole.
  const [catchments, providers, schools] = await Promise.all([
    db.catchment.findMany({ select: { id: true, name: true, providerId: true } }),
    db.provider.findMany({ select: { id: true, name: true, kind: true, email: true, phone: true, autoAssign: true } }),
    db.school.findMany({ select: { id: true, name: true, catchmentId: true, inSchoolProviderId: true } }),
  ]);
  const studentSelect = { id: true, nsn: true, givenName: true, familyName: true, dateOfBirth: true } as const;
  const byId = await inChunks([...rows.students.map((s) => s.id), ...rows.enrolments.map((e) => e.studentId)], (ids) =>
    db.student.findMany({ where: { id: { in: ids } }, select: studentSelect }),
  );
  const byNsn = await inChunks(
    rows.students.map((s) => s.nsn),
    (nsns) => db.student.findMany({ where: { nsn: { in: nsns } }, select: studentSelect }),
  );
  const enrolments = await inChunks(
    rows.enrolments.map((e) => e.studentId),
    (ids) => db.enrolment.findMany({ where: { studentId: { in: ids } }, select: { id: true, studentId: true, schoolId: true, startDate: true, endDate: true } }),
  );

  const students = new Map<string, ExistingData['students'] extends Map<string, infer V> ? V : never>();
  const studentByNsn = new Map<string, string>();
  for (const s of [...byId, ...byNsn]) {
    students.set(s.id, { id: s.id, nsn: s.nsn, givenName: s.givenName, familyName: s.familyName, dateOfBirth: localDay(s.dateOfBirth) });
    studentByNsn.set(s.nsn, s.id);
  }
  const enrolmentsByStudent = new Map<string, ExistingEnrolment[]>();
  for (const e of enrolments) {
    const list = enrolmentsByStudent.get(e.studentId) ?? [];
    // Dates are days in the service's time zone; comparing days, not instants, matches rows however
    // they were written (the demo seed writes midnight at +12:00 all year round).
    list.push({ id: e.id, studentId: e.studentId, schoolId: e.schoolId, startDay: localDay(e.startDate), endDay: e.endDate ? localDay(e.endDate) : null });
    enrolmentsByStudent.set(e.studentId, list);
  }
  return {
    catchments: new Map(catchments.map((c) => [c.id, c])),
    providers: new Map(providers.map((p) => [p.id, p])),
    schools: new Map(schools.map((s) => [s.id, s])),
    students,
    studentByNsn,
    enrolments: enrolmentsByStudent,
  };
}
