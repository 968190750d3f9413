// Invite a person: name, email and one or more roles. A new person gets an account; someone who
// already has one (same email) gets the roles and is reactivated if needed. Both are emailed.
import { Router, type Response } from 'express';
import type { WebDeps } from '../../deps';
import { render } from '../../views';
import { requireSignIn } from '../guards';
import type { Organisation } from '../../../access/organisation';
import { NAME_MAX, checkInvitation, invite, sendInvitation, type InvitationForm } from '../../../access/invite';
import type { FieldError } from '../../../domain/requestForm';
import type { Actor, Role } from '../../../domain/roles';
import { KINDS, grantableBy, orgFor, roleLabel, text } from './context';

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

function showForm(res: Response, actor: Actor, org: Organisation, values: InvitationForm, errors?: FieldError[], status = 200) {
  render(
    res,
    'access/invite',
    {
      title: `Invite someone: ${org.name}`,
      org,
      nameMax: NAME_MAX,
      values,
      roles: grantableBy(actor, org).map((role) => ({ role, label: roleLabel(role), checked: values.roles.includes(role) })),
      errors,
    },
    status,
  );
}

export function inviteRoutes(deps: WebDeps) {
  const router = Router();

  for (const { segment, kind } of KINDS) {
    router.get(`/access/${segment}/:orgId/invite`, requireSignIn, async (req, res) => {
      const { actor, org } = await orgFor(deps, req, kind);
      // "Invite again" from the list of people who used to have access fills in who they are.
      showForm(res, actor, org, { name: text(req.query.name, NAME_MAX), email: text(req.query.email, 254), roles: [] });
    });

    router.post(`/access/${segment}/:orgId/invite`, requireSignIn, async (req, res) => {
      const { actor, org } = await orgFor(deps, req, kind);
      const values: InvitationForm = { name: text(req.body.name, NAME_MAX), email: text(req.body.email, 254), roles: list(req.body.roles) };
      const errors = checkInvitation(values, grantableBy(actor, org));
      if (errors.length) return showForm(res, actor, org, values, errors, 400);
      const roles = values.roles as Role[];
      const invitation = await invite(deps.db, { actorId: actor.id, org, name: values.name, email: values.email, roles });
      const who = encodeURIComponent(invitation.userId);
      if (!invitation.key) return res.redirect(303, `${org.path}?done=nothing-new&who=${who}`);
      const sent = await sendInvitation(
        { db: deps.db, mailer: deps.mailer, publicUrl: deps.config.publicUrl, mailDomain: deps.config.mailDomain },
        { invitation, roles: invitation.granted.length ? invitation.granted : roles, inviterName: actor.name, org },
      );
      if (!sent) deps.log.warn({ userId: invitation.userId, orgKey: org.orgKey }, 'invitation email not sent');
      res.redirect(303, `${org.path}?done=${sent ? 'invited' : 'invited-unsent'}&who=${who}`);
    });
  }

  return router;
}
