// Reads for the access administration pages: an organisation's people with their roles, the people
// who used to have access there, and the access history (newest first).
import type { Sql } from '../../db/sql';
import { toBool, toDate } from '../../db/sql';
import type { Role } from '../../domain/roles';

export interface OrgPerson {
  id: string;
  name: string;
  email: string;
  active: boolean;
  roles: Role[];
}

/** Everyone holding at least one role at the organisation, by name. */
export async function peopleAt(sql: Sql, orgKey: string): Promise<OrgPerson[]> {
  const rows = await sql.all<{ id: string; name: string; email: string; active: unknown; role: Role }>(
    `SELECT u."id", u."name", u."email", u."active", r."role"
     FROM "RoleAssignment" r JOIN "User" u ON u."id" = r."userId"
     WHERE r."orgKey" = ? ORDER BY u."name", u."id", r."role"`,
    [orgKey],
  );
  const people = new Map<string, OrgPerson>();
  for (const r of rows) {
    const p = people.get(r.id) ?? { id: r.id, name: r.name, email: r.email, active: toBool(r.active), roles: [] };
    p.roles.push(r.role);
    people.set(r.id, p);
  }
  return [...people.values()];
}

/** One person, if they hold a role at the organisation (anyone else is not the administrator's to see). */
export async function personAt(sql: Sql, orgKey: string, userId: string): Promise<OrgPerson | null> {
  const rows = await sql.all<{ id: string; name: string; email: string; active: unknown; role: Role }>(
    `SELECT u."id", u."name", u."email", u."active", r."role"
     FROM "RoleAssignment" r JOIN "User" u ON u."id" = r."userId"
     WHERE r."orgKey" = ? AND r."userId" = ? ORDER BY r."role"`,
    [orgKey, userId],
  );
  const first = rows[0];
  return first ? { id: first.id, name: first.name, email: first.email, active: toBool(first.active), roles: rows.map((r) => r.role) } : null;
}

export interface FormerPerson {
  id: string;
  name: string;
  email: string;
  active: boolean;
}

/** People whose access here was removed (they appear in the history and hold no role here now). */
export async function formerPeopleAt(sql: Sql, orgKey: string): Promise<FormerPerson[]> {
  const rows = await sql.all<{ id: string; name: string; email: string; active: unknown }>(
    `SELECT DISTINCT u."id", u."name", u."email", u."active"
     FROM "AccessChange" a JOIN "User" u ON u."id" = a."targetUserId"
     WHERE a."orgKey" = ? AND NOT EXISTS (SELECT 1 FROM "RoleAssignment" r WHERE r."userId" = u."id" AND r."orgKey" = ?)
     ORDER BY u."name"`,
    [orgKey, orgKey],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, active: toBool(r.active) }));
}

export interface AccessHistoryRow {
  at: Date;
  actorName: string;
  action: string;
  role: Role | null;
  targetName: string;
  targetEmail: string;
  detail: string | null;
}

export const HISTORY_ROWS = 50;

export async function accessHistory(sql: Sql, orgKey: string, limit = HISTORY_ROWS): Promise<AccessHistoryRow[]> {
  const rows = await sql.all<Record<string, unknown>>(
    `SELECT a."createdAt", a."action", a."role", a."detail", actor."name" AS "actorName", target."name" AS "targetName", target."email" AS "targetEmail"
     FROM "AccessChange" a LEFT JOIN "User" actor ON actor."id" = a."actorId" LEFT JOIN "User" target ON target."id" = a."targetUserId"
     WHERE a."orgKey" = ? ORDER BY a."createdAt" DESC, a."id" DESC LIMIT ?`,
    [orgKey, limit],
  );
  return rows.map((r) => ({
    at: toDate(r.createdAt),
    actorName: r.actorName === null ? 'Attendance Service' : String(r.actorName),
    action: String(r.action),
    role: (r.role as Role | null) ?? null,
    targetName: r.targetName === null ? 'A removed account' : String(r.targetName),
    targetEmail: r.targetEmail === null ? '' : String(r.targetEmail),
    detail: (r.detail as string | null) ?? null,
  }));
}
