// What the operator's page reads: how much reference data there is, the latest cases and one case
// by reference. Cheap queries only (counts of small tables, case counts from CaseTally, the latest
// cases by primary key); never Temporal.
import type { Sql } from '../../db/sql';
import { toBool, toCount, toDate, toDateOrNull } from '../../db/sql';

export interface ReferenceCounts {
  catchments: number;
  providers: number;
  schools: number;
  students: number;
  enrolments: number;
  users: number;
  openCases: number;
  closedCases: number;
}

export async function referenceCounts(sql: Sql): Promise<ReferenceCounts> {
  const row = (await sql.get<Record<string, unknown>>(
    `SELECT (SELECT COUNT(*) FROM "Catchment") AS "catchments", (SELECT COUNT(*) FROM "Provider") AS "providers",
            (SELECT COUNT(*) FROM "School") AS "schools", (SELECT COUNT(*) FROM "Student") AS "students",
            (SELECT COUNT(*) FROM "Enrolment") AS "enrolments", (SELECT COUNT(*) FROM "User") AS "users"`,
  ))!;
  // Every case has a Primary Contact, so the 'contact' tallies (kept by triggers) add up to all cases.
  const tallies = await sql.all<{ closed: unknown; n: unknown }>(
    `SELECT "closed", SUM("n") AS "n" FROM "CaseTally" WHERE "dimension" = 'contact' GROUP BY "closed"`,
  );
  const cases = (closed: boolean) => toCount(tallies.find((t) => toBool(t.closed) === closed)?.n);
  return {
    catchments: toCount(row.catchments),
    providers: toCount(row.providers),
    schools: toCount(row.schools),
    students: toCount(row.students),
    enrolments: toCount(row.enrolments),
    users: toCount(row.users),
    openCases: cases(false),
    closedCases: cases(true),
  };
}

export interface OperatorCase {
  reference: string;
  status: string;
  openedAt: Date;
  closedAt: Date | null;
  schoolName: string;
  currentSchoolName: string | null;
  providerName: string | null;
  ownerName: string | null;
}

const CASE_COLUMNS = `c."reference", c."status", c."openedAt", c."closedAt", s."name" AS "schoolName", cs."name" AS "currentSchoolName",
  p."name" AS "providerName", u."name" AS "ownerName"
  FROM "Case" c JOIN "School" s ON s."id" = c."schoolId" LEFT JOIN "School" cs ON cs."id" = c."currentSchoolId"
  LEFT JOIN "Provider" p ON p."id" = c."providerId" LEFT JOIN "User" u ON u."id" = c."ownerId"`;

const toCase = (r: Record<string, unknown>): OperatorCase => ({
  reference: String(r.reference),
  status: String(r.status),
  openedAt: toDate(r.openedAt),
  closedAt: toDateOrNull(r.closedAt),
  schoolName: String(r.schoolName),
  currentSchoolName: r.currentSchoolName == null ? null : String(r.currentSchoolName),
  providerName: r.providerName == null ? null : String(r.providerName),
  ownerName: r.ownerName == null ? null : String(r.ownerName),
});

/** The newest cases: by primary key (cases are numbered as they open), so no sort and no scan. */
export async function latestCases(sql: Sql, limit = 25): Promise<OperatorCase[]> {
  return (await sql.all<Record<string, unknown>>(`SELECT ${CASE_COLUMNS} ORDER BY c."id" DESC LIMIT ?`, [limit])).map(toCase);
}

export async function caseByReference(sql: Sql, reference: string): Promise<OperatorCase | null> {
  const r = await sql.get<Record<string, unknown>>(`SELECT ${CASE_COLUMNS} WHERE c."reference" = ?`, [reference]);
  return r ? toCase(r) : null;
}
