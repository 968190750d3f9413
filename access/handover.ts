// Before someone loses access, the open cases that depend on them get someone else: the cases
// where they are the named Primary Contact (school) or the owner (provider) and would no longer
// qualify. Each change goes through the case's workflow, as if made on the case page.
import type { Client } from '@temporalio/client';
import type { Sql } from '../db/sql';
import { toDate } from '../db/sql';
import type { Actor, Role, RoleGrant } from '../domain/roles';
import { relationTo, type CaseFacts } from '../domain/permissions';
import { contactChoices } from '../requests/eligibility';
import { actingPerson } from '../web/acting';
import { runCaseUpdate } from '../web/caseUpdates';
import { findCase } from '../web/queries/caseRecord';
import { assignOwnerUpdate, changePrimaryContactUpdate } from '../workflows/messages';
import type { Organisation } from './organisation';

export interface HandoverCase {
  reference: string;
  learnerName: string;
  status: string;
  openedAt: Date;
}

export interface Successor {
  id: string;
  name: string;
  email: string;
  phone: string | null;
}

/** Everyone the person holds, from the database (not from a session: they may not be signed in). */
export async function rolesOf(sql: Sql, userId: string): Promise<RoleGrant[]> {
  return sql.all<RoleGrant>('SELECT "role", "schoolId", "providerId" FROM "RoleAssignment" WHERE "userId" = ?', [userId]);
}

/** What the cases ask of their contact or owner is the permission rule itself (relationTo). */
export async function casesToHandOver(sql: Sql, org: Organisation, person: { id: string; name: string; email: string }, removing: readonly Role[]): Promise<HandoverCase[]> {
  const all = await rolesOf(sql, person.id);
  const after: Actor = { ...person, roles: all.filter((g) => !(removing.includes(g.role) && (org.kind === 'school' ? g.schoolId === org.id : g.providerId === org.id))) };
  const rows =
    org.kind === 'school'
      ? await sql.all<Record<string, unknown>>(
          `SELECT "reference", "learnerName", "status", "openedAt", "schoolId", "currentSchoolId", "primaryContactId", "providerId", "ownerId"
           FROM "Case" WHERE "primaryContactId" = ? AND "closedAt" IS NULL AND ("schoolId" = ? OR "currentSchoolId" = ?) ORDER BY "reference"`,
          [person.id, org.id, org.id],
        )
      : await sql.all<Record<string, unknown>>(
          `SELECT "reference", "learnerName", "status", "openedAt", "schoolId", "currentSchoolId", "primaryContactId", "providerId", "ownerId"
           FROM "Case" WHERE "ownerId" = ? AND "closedAt" IS NULL AND "providerId" = ? ORDER BY "reference"`,
          [person.id, org.id],
        );
  return rows
    .filter((r) => {
      const facts: CaseFacts = {
        schoolId: String(r.schoolId),
        enrolledSchoolIds: r.currentSchoolId ? [String(r.currentSchoolId)] : [],
        primaryContactId: String(r.primaryContactId),
        providerId: r.providerId === null ? null : String(r.providerId),
        ownerId: r.ownerId === null ? null : String(r.ownerId),
        status: String(r.status),
      };
      const stays = relationTo(after, facts);
      return org.kind === 'school' ? !stays.namedPrimaryContact : !stays.owner;
    })
    .map((r) => ({ reference: String(r.reference), learnerName: String(r.learnerName), status: String(r.status), openedAt: toDate(r.openedAt) }));
}

/** Who may take the cases over: the school's contacts (PC or AL), or the provider's other Case Managers. */
export async function successors(sql: Sql, org: Organisation, leavingUserId: string): Promise<Successor[]> {
  const people =
    org.kind === 'school'
      ? await contactChoices(sql, [org.id])
      : await sql.all<Successor>(
          `SELECT DISTINCT u."id", u."name", u."email", u."phone" FROM "User" u JOIN "RoleAssignment" r ON r."userId" = u."id"
           WHERE r."providerId" = ? AND r."role" = 'CASE_MANAGER' AND u."active" = ? ORDER BY u."name"`,
          [org.id, true],
        );
  return people.filter((p) => p.id !== leavingUserId);
}

export interface HandoverResult {
  reference: string;
  ok: boolean;
  message?: string;
}

/**
 * Hands each case to its chosen successor through the case workflow. The update id is the form's
 * id plus the case, so a form sent twice changes each case once.
 */
export async function handOver(
  deps: { sql: Sql; temporal: Client },
  o: { actor: Actor; org: Organisation; choices: { reference: string; to: Successor }[]; formId: string },
): Promise<HandoverResult[]> {
  const results: HandoverResult[] = [];
  for (const { reference, to } of o.choices) {
    const record = await findCase(deps.sql, reference);
    if (!record) {
      results.push({ reference, ok: false, message: `Case ${reference} could not be found.` });
      continue;
    }
    const by = actingPerson(o.actor, record);
    const updateId = `${o.formId}:${reference}`;
    const outcome =
      o.org.kind === 'school'
        ? await runCaseUpdate(deps.temporal, reference, changePrimaryContactUpdate, { by, userId: to.id, name: to.name, phone: to.phone ?? '', email: to.email, notes: '' }, updateId)
        : await runCaseUpdate(deps.temporal, reference, assignOwnerUpdate, { by, ownerId: to.id, ownerName: to.name, ownerProviderIds: [o.org.id] }, updateId);
    results.push(outcome.ok ? { reference, ok: true } : { reference, ok: false, message: `Case ${reference}: ${outcome.message}` });
  }
  return results;
}
