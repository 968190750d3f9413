// Granting and removing a role, and deactivating a person. A removal that would leave open cases
// without their Primary Contact or owner first asks for a successor per case (changed through each
// case's workflow); removing the last Attendance Lead (or Workflow Lead) asks for a confirmation.
import { Router, type Request, type Response } from 'express';
import type { WebDeps } from '../../deps';
import type { Sessions } from '../../session';
import { render } from '../../views';
import { requireSignIn } from '../guards';
import { HttpError } from '../../errors';
import { formIdFrom } from '../../caseUpdates';
import { statusText } from '../../present';
import type { Organisation } from '../../../access/organisation';
import { grantRole } from '../../../access/grantRole';
import { removeRole } from '../../../access/removeRole';
import { deactivate } from '../../../access/deactivate';
import { casesToHandOver, handOver, successors, type HandoverCase, type Successor } from '../../../access/handover';
import { canDeactivate, canRemoveRole } from '../../../domain/permissions';
import type { Actor, Role } from '../../../domain/roles';
import type { FieldError } from '../../../domain/requestForm';
import type { OrgPerson } from '../../queries/access';
import { KINDS, grantableRole, orgFor, personFor, roleLabel } from './context';

type Mode = 'remove' | 'deactivate';

const fieldFor = (reference: string) => `to-${reference}`;

interface Plan {
  mode: Mode;
  org: Organisation;
  person: OrgPerson;
  removing: Role[];
  role: Role | null;
  warnings: string[];
  cases: HandoverCase[];
  successors: Successor[];
}

/** What removing these roles would do: warnings, and the cases that need someone else first. */
async function planRemoval(deps: WebDeps, mode: Mode, org: Organisation, person: OrgPerson, removing: Role[]): Promise<Plan> {
  const warnings: string[] = [];
  if (removing.includes(org.keyRole)) {
    const holders = await deps.sql.get<{ n: unknown }>('SELECT COUNT(*) AS "n" FROM "RoleAssignment" WHERE "orgKey" = ? AND "role" = ?', [org.orgKey, org.keyRole]);
    if (Number(holders?.n ?? 0) <= 1) {
      warnings.push(
        org.kind === 'school'
          ? `${person.name} is the only Attendance Lead at ${org.name}. Without one, no one at the school sees every case of its students, reads the whole timeline or can be named a Primary Contact as Attendance Lead. Give someone else the Attendance Lead role first if you can.`
          : `${person.name} is the only Workflow Lead at ${org.name}. Without one, no one assigns new cases to Case Managers, is told about overdue cases, or can manage the service’s staff here.`,
      );
    }
  }
  const cases = await casesToHandOver(deps.sql, org, person, removing);
  return { mode, org, person, removing, role: mode === 'remove' ? (removing[0] ?? null) : null, warnings, cases, successors: cases.length ? await successors(deps.sql, org, person.id) : [] };
}

function showPlan(res: Response, plan: Plan, o: { values?: Record<string, string>; errors?: FieldError[]; formId?: string }, status = 200) {
  const school = plan.org.kind === 'school';
  const successorRole = school ? 'Primary Contact' : 'case owner';
  const heading = plan.mode === 'remove' ? `Remove the ${roleLabel(plan.role!)} role from ${plan.person.name}` : `Deactivate ${plan.person.name}`;
  render(
    res,
    'access/confirmRemoval',
    {
      title: heading,
      heading,
      org: plan.org,
      person: plan.person,
      mode: plan.mode,
      role: plan.role,
      action: `${plan.org.path}/people/${encodeURIComponent(plan.person.id)}/${plan.mode}`,
      consequence:
        plan.mode === 'remove'
          ? `${plan.person.name} will lose the ${roleLabel(plan.role!)} role at ${plan.org.name} at their next page.`
          : `${plan.person.name} will lose every role at ${plan.org.name} (${plan.removing.map(roleLabel).join(', ')}) at their next page. If they have no access anywhere else, their account is deactivated, they are signed out everywhere at once and can no longer sign in.`,
      warnings: plan.warnings,
      successorRole,
      successorHint: school
        ? `Only people with the Primary Contact or Attendance Lead role at ${plan.org.name} can be chosen.`
        : `Only other Case Managers of ${plan.org.name} can be chosen.`,
      cases: plan.cases.map((c) => ({ ...c, field: fieldFor(c.reference), statusText: statusText(c.status), chosen: o.values?.[fieldFor(c.reference)] ?? '' })),
      successors: plan.successors,
      confirmLabel: plan.mode === 'remove' ? `Remove ${roleLabel(plan.role!)}` : `Deactivate ${plan.person.name}`,
      errors: o.errors,
      formId: o.formId ?? formIdFrom(undefined),
    },
    status,
  );
}

/** Hands the cases over (if any), then removes the access; or shows the plan again with what is missing. */
async function carryOut(deps: WebDeps, sessions: Sessions, req: Request, res: Response, actor: Actor, plan: Plan) {
  const needsConfirmation = plan.mode === 'deactivate' || plan.warnings.length > 0 || plan.cases.length > 0;
  const formId = formIdFrom(req.body.formId);
  if (needsConfirmation && req.body.confirm !== 'yes') return showPlan(res, plan, { formId });
  const values: Record<string, string> = {};
  const errors: FieldError[] = [];
  const choices: { reference: string; to: Successor }[] = [];
  for (const c of plan.cases) {
    const field = fieldFor(c.reference);
    values[field] = typeof req.body[field] === 'string' ? req.body[field] : '';
    const to = plan.successors.find((s) => s.id === values[field]);
    if (to) choices.push({ reference: c.reference, to });
    else errors.push({ field, message: `Choose the new ${plan.org.kind === 'school' ? 'Primary Contact' : 'case owner'} for case ${c.reference} (${c.learnerName})` });
  }
  if (errors.length) return showPlan(res, plan, { values, errors, formId }, 400);
  const results = await handOver(deps, { actor, org: plan.org, choices, formId });
  const failed = results.filter((r) => !r.ok);
  if (failed.length) {
    // The cases already handed over stay so; nothing is removed until every case has someone.
    const again = await planRemoval(deps, plan.mode, plan.org, plan.person, plan.removing);
    return showPlan(res, again, { values, errors: failed.map((f) => ({ field: fieldFor(f.reference), message: f.message ?? `Case ${f.reference} could not be changed` })), formId }, 409);
  }
  // A case may have named the person since the page was shown: it needs someone too.
  const since = await planRemoval(deps, plan.mode, plan.org, plan.person, plan.removing);
  if (since.cases.length) {
    return showPlan(res, since, { values, errors: since.cases.map((c) => ({ field: fieldFor(c.reference), message: `Case ${c.reference} now names ${plan.person.name} too: choose someone for it` })), formId }, 409);
  }
  const handed = choices.length ? `${plan.org.kind === 'school' ? 'Primary Contact' : 'Case owner'} changed first: ${choices.map((c) => `${c.reference} to ${c.to.name}`).join(', ')}` : null;
  const who = encodeURIComponent(plan.person.id);
  if (plan.mode === 'remove') {
    const outcome = await removeRole(deps.db, { actorId: actor.id, org: plan.org, userId: plan.person.id, role: plan.role!, detail: handed });
    return res.redirect(303, `${plan.org.path}?done=${outcome}&who=${who}&role=${plan.role}`);
  }
  const { inactive } = await deactivate(deps.db, { actorId: actor.id, org: plan.org, userId: plan.person.id, detail: handed });
  // After the commit. With no access anywhere now, every session ends: their next request finds
  // none, and sign-in is refused. Someone who keeps access elsewhere stays signed in there: roles
  // are read afresh on every request, so this organisation's pages and cases are closed to them at
  // once anyway, and no one administering one school can sign a person out of every other.
  if (inactive) await sessions.endAllFor(plan.person.id);
  res.redirect(303, `${plan.org.path}?done=${inactive ? 'deactivated' : 'deactivated-here'}&who=${who}`);
}

export function roleRoutes(deps: WebDeps, sessions: Sessions) {
  const router = Router();

  for (const { segment, kind } of KINDS) {
    const base = `/access/${segment}/:orgId/people/:userId`;

    router.post(`${base}/grant`, requireSignIn, async (req, res) => {
      const { actor, org } = await orgFor(deps, req, kind);
      const person = await personFor(deps, req, org);
      const role = grantableRole(actor, org, req.body.role, 'give');
      const outcome = await grantRole(deps.db, { actorId: actor.id, org, userId: person.id, role });
      res.redirect(303, `${org.path}?done=${outcome}&who=${encodeURIComponent(person.id)}&role=${role}`);
    });

    router.post(`${base}/remove`, requireSignIn, async (req, res) => {
      const { actor, org } = await orgFor(deps, req, kind);
      const person = await personFor(deps, req, org, { former: true });
      const role = grantableRole(actor, org, req.body.role, 'remove');
      if (!canRemoveRole(actor, role, org.ref, person.id)) {
        throw new HttpError(403, 'forbidden', `You cannot remove your own ${roleLabel(role)} role: you would lose the right to manage ${org.name}. Ask another ${roleLabel(role)} to do it.`);
      }
      if (!person.roles.includes(role)) return res.redirect(303, `${org.path}?done=not-held&who=${encodeURIComponent(person.id)}&role=${role}`);
      await carryOut(deps, sessions, req, res, actor, await planRemoval(deps, 'remove', org, person, [role]));
    });

    router.post(`${base}/deactivate`, requireSignIn, async (req, res) => {
      const { actor, org } = await orgFor(deps, req, kind);
      const person = await personFor(deps, req, org, { former: true });
      if (person.roles.length === 0) return res.redirect(303, `${org.path}?done=already-gone&who=${encodeURIComponent(person.id)}`);
      if (!canDeactivate(actor, org.ref, person.id, person.roles)) {
        throw new HttpError(
          403,
          'forbidden',
          person.id === actor.id
            ? 'You cannot deactivate yourself: you would lose the right to manage access here.'
            : `${person.name} holds a role you cannot remove (${person.roles.map(roleLabel).join(', ')}), so you cannot deactivate them.`,
        );
      }
      await carryOut(deps, sessions, req, res, actor, await planRemoval(deps, 'deactivate', org, person, person.roles));
    });
  }

  return router;
}
