// The case lists (home page tables and /cases): one scope, active or closed, searched, filtered,
// sorted and paged in SQL over indexed columns. Never asks Temporal.
import type { Sql } from '../../db/sql';
import { toCount, toDate, toDateOrNull } from '../../db/sql';
import type { CaseListScope } from '../../domain/permissions';
import { disjointArms, type Arm } from './scope';
import { inList } from '../../db/sql';

export const SORTS = {
  reference: 'c."reference"',
  opened: 'c."openedAt"',
  closed: 'c."closedAt"',
  learner: 'c."learnerSearch"',
  contact: 'c."primaryContactName"',
  status: 'c."status"',
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
}

export interface CaseListPage {
  rows: CaseListRow[];
  total: number;
  page: number;
  pages: number;
}

// Only what the list tables show: every value read costs (about half a microsecond each here).
const LIST_COLUMNS = `c."reference", c."openedAt", c."closedAt", c."learnerName", c."primaryContactName", c."status", c."type"`;

/**
 * How many cases the list holds. Unfiltered, the first arm's count comes from CaseTally (kept by
 * triggers), so "Active cases (4,001)" costs one lookup instead of counting 4,001 index entries;
 * the other arms, and any filtered list, are counted.
 */
async function countCases(sql: Sql, arms: Arm[], filters: string, params: unknown[], closed: boolean, filtered: boolean): Promise<number> {
  const parts: string[] = [];
  const args: unknown[] = [];
  for (const [i, a] of arms.entries()) {
    if (i === 0 && a.tally && !filtered) {
      parts.push(`(SELECT COALESCE(SUM("n"), 0) FROM "CaseTally" WHERE "dimension" = ? AND "key" IN ${inList(a.tally.keys)} AND "closed" = ?)`);
      args.push(a.tally.dimension, ...a.tally.keys, closed);
    } else {
      parts.push(`(SELECT COUNT(*) FROM "Case" c WHERE ${a.sql} AND ${filters})`);
      args.push(...a.params, ...params);
    }
  }
  const row = await sql.get<{ n: unknown }>(`SELECT ${parts.join(' + ')} AS "n"`, args);
  return toCount(row?.n);
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

export async function listCases(sql: Sql, scope: CaseListScope, f: CaseListFilters): Promise<CaseListPage> {
  const conditions = [f.view === 'closed' ? 'c."closedAt" IS NOT NULL' : 'c."closedAt" IS NULL'];
  const params: unknown[] = [];
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
  const arms = disjointArms(scope);
  if (arms.length === 0) return { rows: [], total: 0, page: 1, pages: 1 };
  const filters = conditions.join(' AND ');
  const filtered = params.length > 0 || conditions.length > 1;
  const total = await countCases(sql, arms, filters, params, f.view === 'closed', filtered);
  const pages = Math.max(1, Math.ceil(total / f.pageSize));
  const page = Math.min(Math.max(1, f.page), pages);
  const dir = f.dir === 'asc' ? 'ASC' : 'DESC';
  // Each arm reads its index in order; the row id breaks ties between equal dates (it ends every
  // index) so paging is stable. LIMIT and OFFSET are literals: SQLite sorts twice as slowly with
  // them bound (and both are whole numbers we computed).
  // A sort column the list reads already is ordered by name; any other is selected as "sortKey".
  const sortColumn = SORTS[f.sort].slice(2);
  const listed = LIST_COLUMNS.includes(SORTS[f.sort]);
  const rows = await sql.all<Record<string, unknown>>(
    `${arms.map((a) => `SELECT ${LIST_COLUMNS}, ${listed ? '' : `${SORTS[f.sort]} AS "sortKey", `}c."id" AS "tie" FROM "Case" c WHERE ${a.sql} AND ${filters}`).join(' UNION ALL ')}
     ORDER BY ${listed ? sortColumn : '"sortKey"'} ${dir}, "tie" ${dir} LIMIT ${Math.trunc(f.pageSize)} OFFSET ${Math.trunc((page - 1) * f.pageSize)}`,
    arms.flatMap((a) => [...a.params, ...params]),
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
    })),
  };
}
