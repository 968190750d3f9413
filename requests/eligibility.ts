// The request form's facts that need the database: which students a school may ask about (those
// enrolled there today) and who may be named its Primary Contact.
import type { Sql } from '../db/sql';
import { inList, toDate } from '../db/sql';

export interface StudentChoice {
  id: string;
  nsn: string;
  name: string;
  dateOfBirth: Date;
}

const CURRENT = `e."startDate" <= ? AND (e."endDate" IS NULL OR e."endDate" > ?)`;

/** Students enrolled at the school today, found by National Student Number or by name. */
export async function findEnrolledStudents(sql: Sql, schoolId: string, query: string, limit = 20): Promise<StudentChoice[]> {
  const q = query.trim().toLowerCase();
  if (q.length === 0) return [];
  const now = sql.time(new Date());
  const byNsn = /^\d{3,10}$/.test(q);
  const like = q.replace(/[\\%_]/g, (m) => `\\${m}`);
  const rows = await sql.all<Record<string, unknown>>(
    `SELECT DISTINCT st."id", st."nsn", st."givenName", st."familyName", st."dateOfBirth"
     FROM "Student" st JOIN "Enrolment" e ON e."studentId" = st."id"
     WHERE e."schoolId" = ? AND ${CURRENT} AND ${
       byNsn ? 'st."nsn" LIKE ?' : `(st."nameSearch" LIKE ? ESCAPE '\\' OR st."nameSearch" LIKE ? ESCAPE '\\')`
     }
     ORDER BY st."familyName", st."givenName" LIMIT ?`,
    byNsn ? [schoolId, now, now, `${q}%`, limit] : [schoolId, now, now, `${like}%`, `% ${like}%`, limit],
  );
  return rows.map((r) => ({
    id: String(r.id),
    nsn: String(r.nsn),
    name: `${String(r.givenName)} ${String(r.familyName)}`,
    dateOfBirth: toDate(r.dateOfBirth),
  }));
}

export async function enrolledStudent(sql: Sql, schoolId: string, studentId: string): Promise<StudentChoice | null> {
  const now = sql.time(new Date());
  const r = await sql.get<Record<string, unknown>>(
    `SELECT st."id", st."nsn", st."givenName", st."familyName", st."dateOfBirth"
     FROM "Student" st JOIN "Enrolment" e ON e."studentId" = st."id"
     WHERE st."id" = ? AND e."schoolId" = ? AND ${CURRENT} LIMIT 1`,
    [studentId, schoolId, now, now],
  );
  return r
    ? { id: String(r.id), nsn: String(r.nsn), name: `${String(r.givenName)} ${String(r.familyName)}`, dateOfBirth: toDate(r.dateOfBirth) }
    : null;
}

export interface ContactChoice {
  id: string;
  name: string;
  email: string;
  phone: string | null;
}

/** People who may be a school's Primary Contact: active, holding the Primary Contact or Attendance Lead role there. */
export async function contactChoices(sql: Sql, schoolIds: string[]): Promise<ContactChoice[]> {
  if (schoolIds.length === 0) return [];
  return sql.all<ContactChoice>(
    `SELECT DISTINCT u."id", u."name", u."email", u."phone" FROM "User" u JOIN "RoleAssignment" r ON r."userId" = u."id"
     WHERE r."schoolId" IN ${inList(schoolIds)} AND r."role" IN ('PRIMARY_CONTACT', 'ATTENDANCE_LEAD') AND u."active" = ?
     ORDER BY u."name"`,
    [...schoolIds, true],
  );
}

export async function eligibleContact(sql: Sql, schoolId: string, userId: string): Promise<ContactChoice | null> {
  return (await contactChoices(sql, [schoolId])).find((c) => c.id === userId) ?? null;
}
