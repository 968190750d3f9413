// Who gives access where the signed-in person works: for each school or provider they hold a role
// at, its name, their roles there, and the people who administer access there (a school's Delegated
// Authorisers, a provider's Workflow Leads). Shown on the help page, so "ask your Delegated
// Authoriser" comes with a name.
import type { Sql } from '../../db/sql';
import { inList, toBool } from '../../db/sql';
import { ROLE_LABELS, orgKeyFor, type Actor } from '../../domain/roles';

export interface AccessContact {
  name: string;
  email: string;
}

export interface WorkplaceAccess {
  organisation: string;
  kind: 'school' | 'provider';
  roles: string[];
  /** Who to ask for a role there; the person themself when they administer it. */
  administrators: AccessContact[];
  administratorRole: string;
}

export async function accessContactsFor(sql: Sql, actor: Actor): Promise<WorkplaceAccess[]> {
  const grants = actor.roles.filter((g) => g.schoolId || g.providerId);
  if (grants.length === 0) return [];
  const schoolIds = [...new Set(grants.flatMap((g) => (g.schoolId ? [g.schoolId] : [])))];
  const providerIds = [...new Set(grants.flatMap((g) => (g.providerId ? [g.providerId] : [])))];
  const orgKeys = [...new Set(grants.map(orgKeyFor))];
  const [schools, providers, admins] = await Promise.all([
    sql.all<{ id: string; name: string }>(`SELECT "id", "name" FROM "School" WHERE "id" IN ${inList(schoolIds)}`, schoolIds),
    sql.all<{ id: string; name: string }>(`SELECT "id", "name" FROM "Provider" WHERE "id" IN ${inList(providerIds)}`, providerIds),
    sql.all<{ orgKey: string; role: string; name: string; email: string; active: unknown }>(
      `SELECT r."orgKey", r."role", u."name", u."email", u."active"
       FROM "RoleAssignment" r JOIN "User" u ON u."id" = r."userId"
       WHERE r."orgKey" IN ${inList(orgKeys)} AND r."role" IN ('DELEGATED_AUTHORISER', 'WORKFLOW_LEAD')
       ORDER BY u."name"`,
      orgKeys,
    ),
  ]);
  const names = new Map<string, string>([...schools.map((s) => [`school:${s.id}`, s.name] as const), ...providers.map((p) => [`provider:${p.id}`, p.name] as const)]);
  return orgKeys.map((orgKey) => {
    const kind = orgKey.startsWith('school:') ? 'school' : 'provider';
    // A school's access is the Delegated Authoriser's to give; a provider's, the Workflow Lead's.
    const adminRole = kind === 'school' ? 'DELEGATED_AUTHORISER' : 'WORKFLOW_LEAD';
    return {
      organisation: names.get(orgKey) ?? orgKey,
      kind,
      roles: grants.filter((g) => orgKeyFor(g) === orgKey).map((g) => ROLE_LABELS[g.role]),
      administrators: admins.filter((a) => a.orgKey === orgKey && a.role === adminRole && toBool(a.active)).map((a) => ({ name: a.name, email: a.email })),
      administratorRole: ROLE_LABELS[adminRole],
    };
  });
}
