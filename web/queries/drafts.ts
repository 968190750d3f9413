// The signed-in person's draft requests (drafts are private to whoever started them).
import type { Sql } from '../../db/sql';
import { toDate } from '../../db/sql';

export interface DraftRow {
  number: string;
  appliedFor: string | null;
  service: string;
  createdBy: string;
  updatedAt: Date;
  currentStep: number;
}

export async function listDrafts(sql: Sql, actorId: string): Promise<DraftRow[]> {
  const rows = await sql.all<Record<string, unknown>>(
    `SELECT r."number", r."service", r."updatedAt", r."currentStep", u."name" AS "createdBy",
            st."givenName" || ' ' || st."familyName" AS "appliedFor"
     FROM "Request" r JOIN "User" u ON u."id" = r."createdById" LEFT JOIN "Student" st ON st."id" = r."studentId"
     WHERE r."createdById" = ? AND r."status" = 'DRAFT' ORDER BY r."updatedAt" DESC`,
    [actorId],
  );
  return rows.map((r) => ({
    number: String(r.number),
    appliedFor: (r.appliedFor as string | null) ?? null,
    service: String(r.service),
    createdBy: String(r.createdBy),
    updatedAt: toDate(r.updatedAt),
    currentStep: Number(r.currentStep),
  }));
}
