// The organisations whose access is administered: a school (its Delegated Authoriser grants the
// school roles) or a provider (its Workflow Lead grants the provider roles).
import type { Sql } from '../db/sql';
import { PROVIDER_GRANTABLE_ROLES, SCHOOL_GRANTABLE_ROLES } from '../domain/permissions';
import { PROVIDER_ROLES, SCHOOL_ROLES, type Role } from '../domain/roles';

export type OrgKind = 'school' | 'provider';

export interface Organisation {
  kind: OrgKind;
  id: string;
  name: string;
  /** RoleAssignment.orgKey and AccessChange.orgKey of the organisation. */
  orgKey: string;
  /** For the permission module: { schoolId } or { providerId }. */
  ref: { schoolId?: string; providerId?: string };
  /** Every role held at this kind of organisation, and those its administrator grants. */
  roles: readonly Role[];
  grantable: readonly Role[];
  /** The role whose last holder's removal is warned about: the school or provider needs one. */
  keyRole: Role;
  /** Address of its administration page. */
  path: string;
}

export function organisation(kind: OrgKind, id: string, name: string): Organisation {
  const school = kind === 'school';
  return {
    kind,
    id,
    name,
    orgKey: `${kind}:${id}`,
    ref: school ? { schoolId: id } : { providerId: id },
    roles: school ? SCHOOL_ROLES : PROVIDER_ROLES,
    grantable: school ? SCHOOL_GRANTABLE_ROLES : PROVIDER_GRANTABLE_ROLES,
    keyRole: school ? 'ATTENDANCE_LEAD' : 'WORKFLOW_LEAD',
    path: `/access/${school ? 'schools' : 'providers'}/${encodeURIComponent(id)}`,
  };
}

export async function findOrganisation(sql: Sql, kind: OrgKind, id: string): Promise<Organisation | null> {
  const row = await sql.get<{ name: string }>(`SELECT "name" FROM "${kind === 'school' ? 'School' : 'Provider'}" WHERE "id" = ?`, [id]);
  return row ? organisation(kind, id, row.name) : null;
}

/** Names of several organisations of one kind, for the list of those an administrator manages. */
export async function organisationsNamed(sql: Sql, kind: OrgKind, ids: string[]): Promise<Organisation[]> {
  const found = await Promise.all(ids.map((id) => findOrganisation(sql, kind, id)));
  return found.filter((o): o is Organisation => o !== null).sort((a, b) => a.name.localeCompare(b.name));
}
