// The case lists (home page tables and /cases): one scope, active or closed, searched, filtered,
// sorted and paged in SQL over indexed columns. Never asks Temporal.
import type { Sql } from '../../db/sql';
import { toCount, toDate, toDateOrNull } from '../../db/sql';
import type { CaseListScope } from '../../domain/permissions';
import { scopeCondition } from './scope';

export const SORTS = {
  reference: 'c."reference"',
  opened: 'c."openedAt"',
  closed: 'c."closedAt"',
  learner: 'c."learnerSearch"',
  contact: 'c."primaryContactName"',
  status: 'c."status"',
  owner: 'o."name"',
  age: 'c."openedAt"',
} as const;
export type SortKey = keyof typeof SORTS;

export interface CaseListFilters {
  view: 'active' | 'closed';
  q?: string;
  status?: string;
  primaryContactId?: string;
  ownerId?: string; // a user id, or 'none' for cases without an owner
  openedFrom?: Date;
  openedTo?: Date; // exclusive
  sort: SortKey;
  dir: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export interface CaseListRow {
  reference: string;
  openedAt: Date;
  closedAt: Date | null;
  learnerName: string;
  primaryContactName: string;
  status: string;
  type: string;
  ownerName: string | null;
  closureReason: string | null;
}

export interface CaseListPage {
  rows: CaseListRow[];
  total: number;
  page: number;
  pages: number;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

export async function listCases(sql: Sql, scope: CaseListScope, f: CaseListFilters): Promise<CaseListPage> {
  const where = scopeCondition(scope);
  const conditions = [where.sql, f.view === 'closed' ? 'c."closedAt" IS NOT NULL' : 'c."closedAt" IS NULL'];
  const params = [...where.params];
  const q = f.q?.trim().toLowerCase();
  if (q) {
    if (/^\d{1,8}$/.test(q)) {
      // A number: the case reference, typed with or without its leading zeros.
      conditions.push('(c."reference" = ? OR c."reference" LIKE ?)');
      params.push(q.padStart(8, '0'), `${likeEscape(q)}%`);
    } else {
      conditions.push(`(c."learnerSearch" LIKE ? ESCAPE '\\' OR c."learnerSearch" LIKE ? ESCAPE '\\')`);
      params.push(`${likeEscape(q)}%`, `% ${likeEscape(q)}%`);
    }
  }
  if (f.status) {
    conditions.push('c."status" = ?');
    params.push(f.status);
  }
  if (f.primaryContactId) {
    conditions.push('c."primaryContactId" = ?');
    params.push(f.primaryContactId);
  }
  if (f.ownerId === 'none') conditions.push('c."ownerId" IS NULL');
  else if (f.ownerId) {
    conditions.push('c."ownerId" = ?');
    params.push(f.ownerId);
  }
  if (f.openedFrom) {
    conditions.push('c."openedAt" >= ?');
    params.push(sql.time(f.openedFrom));
  }
  if (f.openedTo) {
    conditions.push('c."openedAt" < ?');
    params.push(sql.time(f.openedTo));
  }
  const whereSql = conditions.join(' AND ');
  const countRow = await sql.get<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "Case" c WHERE ${whereSql}`, params);
  const total = toCount(countRow?.n);
  const pages = Math.max(1, Math.ceil(total / f.pageSize));
  const page = Math.min(Math.max(1, f.page), pages);
  // The reference breaks ties so that paging is stable.
  const order = `${SORTS[f.sort]} ${f.dir === 'asc' ? 'ASC' : 'DESC'}, c."reference" ${f.dir === 'asc' ? 'ASC' : 'DESC'}`;
  const rows = await sql.all<Record<string, unknown>>(
    `SELECT c."reference", c."openedAt", c."closedAt", c."learnerName", c."primaryContactName", c."status", c."type",
            c."closureReason", o."name" AS "ownerName"
     FROM "Case" c LEFT JOIN "User" o ON o."id" = c."ownerId"
     WHERE ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`,
    [...params, f.pageSize, (page - 1) * f.pageSize],
  );
  return {
    total,
    page,
    pages,
    rows: rows.map((r) => ({
      reference: String(r.reference),
      openedAt: toDate(r.openedAt),
      closedAt: toDateOrNull(r.closedAt),
      learnerName: String(r.learnerName),
      primaryContactName: String(r.primaryContactName),
      status: String(r.status),
      type: String(r.type),
      ownerName: (r.ownerName as string | null) ?? null,
      closureReason: (r.closureReason as string | null) ?? null,
    })),
  };
}
