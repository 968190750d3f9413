// GET /access (the organisations the person administers) and the page of one organisation: its
// people with their roles and the actions on each, people who used to have access, and the
// access history.
import { Router, type Request } from 'express';
import type { WebDeps } from '../../deps';
import { render } from '../../views';
import { actorOf, requireSignIn } from '../guards';
import { HttpError } from '../../errors';
import { organisationsNamed, type Organisation } from '../../../access/organisation';
import { administeredProviders, administeredSchools, canAdministerAccess, canDeactivate, canGrant, canRemoveRole } from '../../../domain/permissions';
import { ROLE_LABELS, type Actor } from '../../../domain/roles';
import { accessHistory, formerPeopleAt, peopleAt, HISTORY_ROWS, type AccessHistoryRow, type FormerPerson, type OrgPerson } from '../../queries/access';
import { KINDS, orgFor, roleLabel } from './context';

const ACTIONS: Record<string, (role: string) => string> = {
  GRANT: (role) => `Gave the ${role} role`,
  REMOVE: (role) => `Removed the ${role} role`,
  INVITE: () => 'Invited',
  DEACTIVATE: () => 'Deactivated',
  REACTIVATE: () => 'Reactivated',
};

export const describeChange = (h: AccessHistoryRow) => (ACTIONS[h.action] ?? ((r: string) => `${h.action} ${r}`.trim()))(h.role ? roleLabel(h.role) : '');

/** The message shown after an action, built only from known codes and the page's own people. */
function noticeFor(req: Request, people: (OrgPerson | FormerPerson)[]): { text: string; success: boolean } | null {
  const q = (k: string) => (typeof req.query[k] === 'string' ? (req.query[k] as string) : '');
  const who = people.find((p) => p.id === q('who'))?.name ?? 'The person';
  // Only a role's own label: the address is anyone's to write, so unknown text is never echoed.
  const theRole = Object.hasOwn(ROLE_LABELS, q('role')) ? `the ${roleLabel(q('role'))} role` : 'that role';
  const messages: Record<string, [string, boolean]> = {
    granted: [`${who} now has ${theRole}.`, true],
    'already-held': [`${who} already has ${theRole}: nothing was changed.`, false],
    removed: [`${who} no longer has ${theRole}. Their access ends at their next page.`, true],
    'not-held': [`${who} no longer has ${theRole}: nothing was changed.`, false],
    deactivated: [`${who} has been deactivated and signed out everywhere.`, true],
    'deactivated-here': [`${who} no longer has access here. They keep their access elsewhere.`, true],
    invited: [`${who} has been given access and emailed an invitation.`, true],
    'invited-unsent': [`${who} has been given access, but the invitation email could not be sent. Tell them to sign in with their Education Sector Logon.`, false],
    'already-gone': [`${who} has no access here any more: nothing was changed.`, false],
    'nothing-new': [`${who} already has every role you chose: nothing was changed and no email was sent.`, false],
  };
  const m = Object.hasOwn(messages, q('done')) ? messages[q('done')] : undefined;
  return m ? { text: m[0], success: m[1] } : null;
}

export function presentPeople(actor: Actor, org: Organisation, people: OrgPerson[]) {
  return people.map((p) => ({
    ...p,
    roleList: p.roles.map((role) => ({ role, label: roleLabel(role), removable: canRemoveRole(actor, role, org.ref, p.id) })),
    canGive: org.grantable.filter((r) => canGrant(actor, r, org.ref) && !p.roles.includes(r)).map((role) => ({ role, label: roleLabel(role) })),
    canDeactivate: canDeactivate(actor, org.ref, p.id, p.roles),
    self: p.id === actor.id,
  }));
}

export function orgPageRoutes(deps: WebDeps) {
  const router = Router();

  router.get('/access', requireSignIn, async (req, res) => {
    const actor = actorOf(req);
    if (!canAdministerAccess(actor)) throw new HttpError(403, 'forbidden', 'Only a school’s Delegated Authoriser or a provider’s Workflow Lead can manage access.');
    const [schools, providers] = await Promise.all([organisationsNamed(deps.sql, 'school', administeredSchools(actor)), organisationsNamed(deps.sql, 'provider', administeredProviders(actor))]);
    render(res, 'access/index', { title: 'Manage access', schools, providers });
  });

  for (const { segment, kind } of KINDS) {
    router.get(`/access/${segment}/:orgId`, requireSignIn, async (req, res) => {
      const { actor, org } = await orgFor(deps, req, kind);
      const [people, former, history] = await Promise.all([peopleAt(deps.sql, org.orgKey), formerPeopleAt(deps.sql, org.orgKey), accessHistory(deps.sql, org.orgKey)]);
      render(res, 'access/organisation', {
        title: `Manage access: ${org.name}`,
        org,
        school: org.kind === 'school',
        people: presentPeople(actor, org, people),
        former: former.map((f) => ({ ...f, inviteAgain: `${org.path}/invite?name=${encodeURIComponent(f.name)}&email=${encodeURIComponent(f.email)}` })),
        history: history.map((h) => ({ ...h, what: describeChange(h) })),
        historyLimit: HISTORY_ROWS,
        notice: noticeFor(req, [...people, ...former]),
      });
    });
  }

  return router;
}
