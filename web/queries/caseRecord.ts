// One case as its page shows it, with the facts the permission module needs. One query.
import type { Sql } from '../../db/sql';
import { toDate, toDateOrNull, toBool } from '../../db/sql';
import type { CaseFacts } from '../../domain/permissions';

export interface CaseRecord extends CaseFacts {
  id: number;
  reference: string;
  requestNumber: string;
  type: string;
  openedAt: Date;
  learnerName: string;
  studentId: string;
  studentNsn: string;
  studentDateOfBirth: Date;
  schoolName: string;
  currentSchoolId: string | null;
  currentSchoolName: string | null;
  catchmentName: string;
  providerName: string | null;
  ownerName: string | null;
  ownerEmail: string | null;
  ownerPhone: string | null;
  primaryContactName: string;
  primaryContactPhone: string | null;
  primaryContactEmail: string | null;
  primaryContactNotes: string | null;
  onHoldReason: string | null;
  overdue: boolean;
  allocatedAt: Date | null;
  assignedAt: Date | null;
  closedAt: Date | null;
  closureReason: string | null;
  closureSummary: string | null;
  lastActivityAt: Date;
}

export async function findCase(sql: Sql, reference: string): Promise<CaseRecord | undefined> {
  const r = await sql.get<Record<string, unknown>>(
    `SELECT c.*, st."nsn" AS "studentNsn", st."dateOfBirth" AS "studentDateOfBirth",
            sc."name" AS "schoolName", cs."name" AS "currentSchoolName", ca."name" AS "catchmentName",
            p."name" AS "providerName", o."name" AS "ownerName", o."email" AS "ownerEmail", o."phone" AS "ownerPhone"
     FROM "Case" c
     JOIN "Student" st ON st."id" = c."studentId"
     JOIN "School" sc ON sc."id" = c."schoolId"
     LEFT JOIN "School" cs ON cs."id" = c."currentSchoolId"
     JOIN "Catchment" ca ON ca."id" = c."catchmentId"
     LEFT JOIN "Provider" p ON p."id" = c."providerId"
     LEFT JOIN "User" o ON o."id" = c."ownerId"
     WHERE c."reference" = ?`,
    [reference],
  );
  if (!r) return undefined;
  const s = (k: string) => (r[k] === null || r[k] === undefined ? null : String(r[k]));
  return {
    id: Number(r.id),
    reference: String(r.reference),
    requestNumber: String(r.requestNumber),
    type: String(r.type),
    status: String(r.status),
    openedAt: toDate(r.openedAt),
    learnerName: String(r.learnerName),
    studentId: String(r.studentId),
    studentNsn: String(r.studentNsn),
    studentDateOfBirth: toDate(r.studentDateOfBirth),
    schoolId: String(r.schoolId),
    schoolName: String(r.schoolName),
    currentSchoolId: s('currentSchoolId'),
    currentSchoolName: s('currentSchoolName'),
    enrolledSchoolIds: r.currentSchoolId ? [String(r.currentSchoolId)] : [],
    catchmentName: String(r.catchmentName),
    providerId: s('providerId'),
    providerName: s('providerName'),
    ownerId: s('ownerId'),
    ownerName: s('ownerName'),
    ownerEmail: s('ownerEmail'),
    ownerPhone: s('ownerPhone'),
    primaryContactId: String(r.primaryContactId),
    primaryContactName: String(r.primaryContactName),
    primaryContactPhone: s('primaryContactPhone'),
    primaryContactEmail: s('primaryContactEmail'),
    primaryContactNotes: s('primaryContactNotes'),
    onHoldReason: s('onHoldReason'),
    overdue: toBool(r.overdue),
    allocatedAt: toDateOrNull(r.allocatedAt),
    assignedAt: toDateOrNull(r.assignedAt),
    closedAt: toDateOrNull(r.closedAt),
    closureReason: s('closureReason'),
    closureSummary: s('closureSummary'),
    lastActivityAt: toDate(r.lastActivityAt),
  };
}
