// The permission matrix of DESIGN.md §2, in one place. Routes, views, queries and tests all ask
// this module; nothing else decides who may see or do what.
import type { Actor } from './roles';
import { providersWhere, schoolsWhere } from './roles';

/** What the permission rules need to know about one case. */
export interface CaseFacts {
  schoolId: string; // the school that asked for help
  enrolledSchoolIds: string[]; // schools where the student is enrolled today
  primaryContactId: string;
  providerId: string | null;
  ownerId: string | null;
  status: string;
}

/** How an actor stands towards one case; rights are the union of these. */
export interface CaseRelation {
  namedPrimaryContact: boolean;
  officeSupport: boolean;
  attendanceLead: boolean;
  owner: boolean;
  providerLead: boolean;
}

export function relationTo(actor: Actor, c: CaseFacts): CaseRelation {
  const schoolsOf = (role: 'OFFICE_SUPPORT' | 'ATTENDANCE_LEAD') => {
    const mine = schoolsWhere(actor, role);
    return c.enrolledSchoolIds.some((id) => mine.includes(id));
  };
  // A Primary Contact keeps the case while named on it and while they hold a contact role at the
  // school that asked or the student's current school; losing the role ends the access.
  const contactSchools = schoolsWhere(actor, 'PRIMARY_CONTACT', 'ATTENDANCE_LEAD');
  const namedPrimaryContact =
    c.primaryContactId === actor.id &&
    (contactSchools.includes(c.schoolId) || c.enrolledSchoolIds.some((id) => contactSchools.includes(id)));
  return {
    namedPrimaryContact,
    officeSupport: schoolsOf('OFFICE_SUPPORT'),
    attendanceLead: schoolsOf('ATTENDANCE_LEAD'),
    owner: c.ownerId === actor.id && c.providerId !== null && providersWhere(actor, 'CASE_MANAGER').includes(c.providerId),
    providerLead: c.providerId !== null && providersWhere(actor, 'WORKFLOW_LEAD').includes(c.providerId),
  };
}

const schoolSide = (r: CaseRelation) => r.namedPrimaryContact || r.officeSupport || r.attendanceLead;
const providerSide = (r: CaseRelation) => r.owner || r.providerLead;

export type CaseAction =
  | 'view'
  | 'comment'
  | 'uploadFiles'
  | 'changePrimaryContact'
  | 'shareProviderContent'
  | 'assignOwner'
  | 'manage'; // service referrals, status changes, close, reopen

const RULES: Record<CaseAction, (r: CaseRelation) => boolean> = {
  view: (r) => schoolSide(r) || providerSide(r),
  comment: (r) => schoolSide(r) || providerSide(r),
  uploadFiles: (r) => schoolSide(r) || providerSide(r),
  changePrimaryContact: (r) => schoolSide(r),
  shareProviderContent: (r) => providerSide(r),
  assignOwner: (r) => r.providerLead,
  manage: (r) => providerSide(r),
};

export function can(actor: Actor, action: CaseAction, c: CaseFacts): boolean {
  return RULES[action](relationTo(actor, c));
}

/** Every action the actor may take on the case, for views that show or hide buttons. */
export function allowedActions(actor: Actor, c: CaseFacts): Record<CaseAction, boolean> {
  const r = relationTo(actor, c);
  const out = {} as Record<CaseAction, boolean>;
  for (const action of Object.keys(RULES) as CaseAction[]) out[action] = RULES[action](r);
  return out;
}

/** A comment or file on the timeline, as far as reading it is concerned. */
export interface ContentFacts {
  authorSide: string; // SCHOOL | PROVIDER
  authorId: string | null;
  shared: boolean;
}

/**
 * School-written content is read by the provider, the case's Primary Contact and the school's
 * Attendance Leads; Office Support reads only what they wrote. Provider content reaches the Primary
 * Contact and Attendance Leads only when shared on purpose, and never reaches Office Support.
 */
export function canReadContent(actor: Actor, c: CaseFacts, item: ContentFacts): boolean {
  return readerOf(actor, c).content(item);
}

/** A timeline entry that is not itself a comment or a file (status changes, assignments, ...). */
export function canReadEvent(actor: Actor, c: CaseFacts, audience: string): boolean {
  return readerOf(actor, c).event(audience);
}

/** The two reading rules above for one actor and case, worked out once for a whole timeline. */
export function readerOf(actor: Actor, c: CaseFacts) {
  const r = relationTo(actor, c);
  const provider = providerSide(r);
  const school = schoolSide(r);
  return {
    content(item: ContentFacts): boolean {
      if (provider) return true;
      if (item.authorSide === 'SCHOOL') {
        if (r.namedPrimaryContact || r.attendanceLead) return true;
        return r.officeSupport && item.authorId === actor.id;
      }
      return item.shared && (r.namedPrimaryContact || r.attendanceLead);
    },
    event(audience: string): boolean {
      return audience === 'PROVIDER' ? provider : school || provider;
    },
  };
}

/** Schools at which the actor may start, save, resume and submit requests. */
export const requestSchools = (actor: Actor) =>
  schoolsWhere(actor, 'PRIMARY_CONTACT', 'OFFICE_SUPPORT', 'ATTENDANCE_LEAD');

export const canStartRequest = (actor: Actor, schoolId?: string) => {
  const schools = requestSchools(actor);
  return schoolId === undefined ? schools.length > 0 : schools.includes(schoolId);
};

/** Drafts are private to the person who started them. */
export const canSeeDraft = (actor: Actor, draft: { createdById: string; schoolId: string }) =>
  draft.createdById === actor.id && canStartRequest(actor, draft.schoolId);

/**
 * The same rule as `view`, in the form the case lists need to filter in SQL: a case is listed when
 * any of these holds. Kept beside `relationTo` so the two cannot drift (a test checks they agree).
 */
export interface CaseListScope {
  actorId: string;
  primaryContactSchools: string[]; // named Primary Contact, holding a contact role at one of these
  enrolledAtSchools: string[]; // Office Support / Attendance Lead: student enrolled today at one of these
  ownedAtProviders: string[]; // Case Manager: owner, at one of these providers
  ledProviders: string[]; // Workflow Lead: every case of these providers
}

export function caseListScope(actor: Actor): CaseListScope {
  return {
    actorId: actor.id,
    primaryContactSchools: schoolsWhere(actor, 'PRIMARY_CONTACT', 'ATTENDANCE_LEAD'),
    enrolledAtSchools: schoolsWhere(actor, 'OFFICE_SUPPORT', 'ATTENDANCE_LEAD'),
    ownedAtProviders: providersWhere(actor, 'CASE_MANAGER'),
    ledProviders: providersWhere(actor, 'WORKFLOW_LEAD'),
  };
}

export const scopeIsEmpty = (s: CaseListScope) =>
  s.primaryContactSchools.length + s.enrolledAtSchools.length + s.ownedAtProviders.length + s.ledProviders.length === 0;

// ---------- access administration and operations ----------

/** What a school's Delegated Authoriser grants and removes (DESIGN.md §1). */
export const SCHOOL_GRANTABLE_ROLES = ['PRIMARY_CONTACT', 'OFFICE_SUPPORT', 'ATTENDANCE_LEAD'] as const;
/** What a provider's Workflow Lead grants and removes for their own provider's staff. */
export const PROVIDER_GRANTABLE_ROLES = ['CASE_MANAGER', 'WORKFLOW_LEAD'] as const;

/** Schools whose people and roles the actor administers (as their Delegated Authoriser). */
export const administeredSchools = (actor: Actor) => schoolsWhere(actor, 'DELEGATED_AUTHORISER');
/** Providers whose staff the actor administers (as their Workflow Lead). */
export const administeredProviders = (actor: Actor) => providersWhere(actor, 'WORKFLOW_LEAD');

export const canAdministerSchool = (actor: Actor, schoolId: string) => administeredSchools(actor).includes(schoolId);
export const canAdministerProvider = (actor: Actor, providerId: string) => administeredProviders(actor).includes(providerId);
export const canAdministerAccess = (actor: Actor) => administeredSchools(actor).length + administeredProviders(actor).length > 0;

/** Whether the actor may grant or remove `role` at the organisation (a school or a provider). */
export function canGrant(actor: Actor, role: string, org: { schoolId?: string | null; providerId?: string | null }): boolean {
  if (org.schoolId) return (SCHOOL_GRANTABLE_ROLES as readonly string[]).includes(role) && canAdministerSchool(actor, org.schoolId);
  if (org.providerId) return (PROVIDER_GRANTABLE_ROLES as readonly string[]).includes(role) && canAdministerProvider(actor, org.providerId);
  return false;
}

/** Operators: health, reference data (imports) and links into Temporal's Web UI. */
export const canOperate = (actor: Actor) => actor.roles.some((g) => g.role === 'OPERATOR');

// ---------- access administration: who may act on whom (issue 6) ----------

/** An organisation whose people are administered: a school (by its DA) or a provider (by its WL). */
export interface AdministeredOrg {
  schoolId?: string | null;
  providerId?: string | null;
}

/** Whether the actor administers this school or provider. */
export const canAdministerOrg = (actor: Actor, org: AdministeredOrg) =>
  org.schoolId ? canAdministerSchool(actor, org.schoolId) : org.providerId ? canAdministerProvider(actor, org.providerId) : false;

/** The role that makes its holder an administrator of the organisation. */
const administeringRole = (org: AdministeredOrg) => (org.schoolId ? 'DELEGATED_AUTHORISER' : 'WORKFLOW_LEAD');

/**
 * Removing a role: the actor must be allowed to grant it there, and never removes their own
 * administering role (a Workflow Lead removing their own WL role would lock themselves out).
 */
export const canRemoveRole = (actor: Actor, role: string, org: AdministeredOrg, targetUserId: string) =>
  canGrant(actor, role, org) && !(targetUserId === actor.id && role === administeringRole(org));

/**
 * Deactivating someone takes away every role they hold at the organisation: the actor must be able
 * to remove each of them (a DA cannot deactivate another DA), and never deactivates themselves.
 */
export const canDeactivate = (actor: Actor, org: AdministeredOrg, targetUserId: string, targetRolesThere: string[]) =>
  targetUserId !== actor.id && canAdministerOrg(actor, org) && targetRolesThere.every((role) => canGrant(actor, role, org));
