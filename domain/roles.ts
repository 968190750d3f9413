// The roles of DESIGN.md §1 and what kind of organisation each belongs to.
export const SCHOOL_ROLES = ['PRIMARY_CONTACT', 'OFFICE_SUPPORT', 'ATTENDANCE_LEAD', 'DELEGATED_AUTHORISER'] as const;
export const PROVIDER_ROLES = ['CASE_MANAGER', 'WORKFLOW_LEAD'] as const;
export const SYSTEM_ROLES = ['OPERATOR'] as const;

export type SchoolRole = (typeof SCHOOL_ROLES)[number];
export type ProviderRole = (typeof PROVIDER_ROLES)[number];
export type Role = SchoolRole | ProviderRole | (typeof SYSTEM_ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  PRIMARY_CONTACT: 'Primary Contact',
  OFFICE_SUPPORT: 'Office Support',
  ATTENDANCE_LEAD: 'Attendance Lead',
  DELEGATED_AUTHORISER: 'Delegated Authoriser',
  CASE_MANAGER: 'Case Manager',
  WORKFLOW_LEAD: 'Workflow Lead',
  OPERATOR: 'Operator',
};

export interface RoleGrant {
  role: Role;
  schoolId: string | null;
  providerId: string | null;
}

/** Who is signed in: enough to decide every permission without another lookup. */
export interface Actor {
  id: string;
  name: string;
  email: string;
  roles: RoleGrant[];
}

export const orgKeyFor = (grant: Pick<RoleGrant, 'schoolId' | 'providerId'>) =>
  grant.schoolId ? `school:${grant.schoolId}` : grant.providerId ? `provider:${grant.providerId}` : 'system';

export function schoolsWhere(actor: Actor, ...roles: SchoolRole[]): string[] {
  const ids = new Set<string>();
  for (const g of actor.roles) if (g.schoolId && (roles as string[]).includes(g.role)) ids.add(g.schoolId);
  return [...ids];
}

export function providersWhere(actor: Actor, ...roles: ProviderRole[]): string[] {
  const ids = new Set<string>();
  for (const g of actor.roles) if (g.providerId && (roles as string[]).includes(g.role)) ids.add(g.providerId);
  return [...ids];
}

export const isSchoolUser = (actor: Actor) => actor.roles.some((g) => g.schoolId !== null);
export const isProviderUser = (actor: Actor) => actor.roles.some((g) => g.providerId !== null);
export const isOperator = (actor: Actor) => actor.roles.some((g) => g.role === 'OPERATOR');
