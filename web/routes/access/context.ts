// What every access administration route needs: the organisation named in the address (404 unless
// the signed-in person administers it), a person holding a role there (404 otherwise), and the
// role named in a form (403 unless the administrator may grant it there).
import type { Request } from 'express';
import type { WebDeps } from '../../deps';
import { findOrganisation, type OrgKind, type Organisation } from '../../../access/organisation';
import { canAdministerOrg, canGrant } from '../../../domain/permissions';
import { ROLE_LABELS, type Actor, type Role } from '../../../domain/roles';
import { personAt, type OrgPerson } from '../../queries/access';
import { HttpError } from '../../errors';
import { toBool } from '../../../db/sql';
import { actorOf, param } from '../guards';

/** The address segment of each kind: /access/schools/:orgId and /access/providers/:orgId. */
export const KINDS: { segment: string; kind: OrgKind }[] = [
  { segment: 'schools', kind: 'school' },
  { segment: 'providers', kind: 'provider' },
];

export async function orgFor(deps: WebDeps, req: Request, kind: OrgKind): Promise<{ actor: Actor; org: Organisation }> {
  const actor = actorOf(req);
  const id = param(req, 'orgId');
  // Checked before the lookup: an organisation the actor does not administer is as if unknown.
  if (!canAdministerOrg(actor, kind === 'school' ? { schoolId: id } : { providerId: id })) throw new HttpError(404, 'not-found');
  const org = await findOrganisation(deps.sql, kind, id);
  if (!org) throw new HttpError(404, 'not-found');
  return { actor, org };
}

/**
 * The person named in the address, holding a role at the organisation. With `former`, also someone
 * whose access here was removed already (so a removal sent twice says "nothing changed", not 404);
 * they come back with no roles.
 */
export async function personFor(deps: WebDeps, req: Request, org: Organisation, o: { former?: boolean } = {}): Promise<OrgPerson> {
  const userId = param(req, 'userId');
  const person = await personAt(deps.sql, org.orgKey, userId);
  if (person) return person;
  if (o.former) {
    const gone = await deps.sql.get<{ id: string; name: string; email: string; active: unknown }>(
      `SELECT u."id", u."name", u."email", u."active" FROM "User" u
       WHERE u."id" = ? AND EXISTS (SELECT 1 FROM "AccessChange" a WHERE a."targetUserId" = u."id" AND a."orgKey" = ?)`,
      [userId, org.orgKey],
    );
    if (gone) return { id: gone.id, name: gone.name, email: gone.email, active: toBool(gone.active), roles: [] };
  }
  throw new HttpError(404, 'not-found');
}

export const roleLabel = (role: string) => ROLE_LABELS[role as Role] ?? role;

/** The role named in the form, if the actor may grant (and so remove) it at this organisation. */
export function grantableRole(actor: Actor, org: Organisation, value: unknown, doing: 'give' | 'remove'): Role {
  const role = typeof value === 'string' ? value : '';
  if (!canGrant(actor, role, org.ref)) {
    const allowed = org.grantable.filter((r) => canGrant(actor, r, org.ref)).map(roleLabel).join(', ');
    const what = Object.hasOwn(ROLE_LABELS, role) ? `the ${roleLabel(role)} role` : 'that role';
    throw new HttpError(403, 'forbidden', `You cannot ${doing} ${what} at ${org.name}. You can ${doing} ${allowed}.`);
  }
  return role as Role;
}

/** Roles the actor may give at the organisation, for forms. */
export const grantableBy = (actor: Actor, org: Organisation) => org.grantable.filter((r) => canGrant(actor, r, org.ref));

export const text = (v: unknown, max: number) => (typeof v === 'string' ? v.replace(/\s+/g, ' ').trim().slice(0, max * 4) : '');
