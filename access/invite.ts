// Inviting someone: a new person gets an account and the chosen roles; someone who already has an
// account (found by email) gets the roles and is reactivated if they had been deactivated. Either
// way they are emailed who gave them which access, where, and how to sign in.
import crypto from 'node:crypto';
import type { Db } from '../db/prisma';
import type { Mailer } from '../mail/mailer';
import { renderEmail } from '../mail/render';
import { ROLE_LABELS, type Role } from '../domain/roles';
import type { FieldError } from '../domain/requestForm';
import { isDuplicateKey, recordAccessChange } from './history';
import { grantInTx, reactivateInTx } from './grantRole';
import type { Organisation } from './organisation';

export const NAME_MAX = 100;
const EMAIL_MAX = 254;

export interface InvitationForm {
  name: string;
  email: string;
  roles: string[];
}

/** What was typed, checked: each problem names the field and says what to do. */
export function checkInvitation(form: InvitationForm, grantable: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  if (!form.name) errors.push({ field: 'name', message: 'Enter the person’s full name' });
  else if (form.name.length > NAME_MAX) errors.push({ field: 'name', message: `The name must be ${NAME_MAX} characters or fewer (it is ${form.name.length})` });
  if (!form.email) errors.push({ field: 'email', message: 'Enter the person’s email address' });
  else if (form.email.length > EMAIL_MAX || !/^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:.]{2,}$/.test(form.email)) {
    errors.push({ field: 'email', message: 'Enter the email address in the right format, like name@school.example' });
  }
  const refused = form.roles.filter((r) => !grantable.includes(r));
  if (refused.length) {
    errors.push({ field: 'roles', message: `You cannot give the ${refused.map((r) => ROLE_LABELS[r as Role] ?? r).join(' or ')} role here. Choose from ${grantable.map((r) => ROLE_LABELS[r as Role]).join(', ')}.` });
  } else if (form.roles.length === 0) {
    errors.push({ field: 'roles', message: 'Choose at least one role' });
  }
  return errors;
}

export interface Invitation {
  userId: string;
  name: string;
  email: string;
  created: boolean;
  reactivated: boolean;
  granted: Role[];
  alreadyHeld: Role[];
  /** Id of the INVITE audit row: the key of the invitation email, so it is sent once; null when nothing changed. */
  key: string | null;
}

/** Creates or finds the person and gives them the roles, with the audit rows, in one transaction. */
export async function invite(db: Db, o: { actorId: string; org: Organisation; name: string; email: string; roles: Role[] }): Promise<Invitation> {
  const email = o.email.trim().toLowerCase();
  const attempt = () =>
    db.$transaction(async (tx) => {
      const at = new Date();
      let user = await tx.user.findUnique({ where: { email } });
      const created = !user;
      if (!user) {
        user = await tx.user.create({ data: { id: crypto.randomUUID(), email, name: o.name, nameSearch: o.name.toLowerCase(), active: true, createdAt: at } });
      }
      const reactivated = created ? false : await reactivateInTx(tx, { actorId: o.actorId, org: o.org, userId: user.id, at });
      const granted: Role[] = [];
      const alreadyHeld: Role[] = [];
      for (const role of o.roles) {
        const outcome = await grantInTx(tx, { actorId: o.actorId, org: o.org, userId: user.id, role, at });
        (outcome === 'granted' ? granted : alreadyHeld).push(role);
      }
      // Nothing new for someone who already had every role: no invitation, nothing to record.
      if (!created && !reactivated && granted.length === 0) return { userId: user.id, name: user.name, email, created, reactivated, granted, alreadyHeld, key: null };
      const invited = await recordAccessChange(
        tx,
        { actorId: o.actorId, targetUserId: user.id, action: 'INVITE', orgKey: o.org.orgKey, detail: `Invitation emailed to ${email}${created ? ' (new account)' : ''}` },
        at,
      );
      const key = invited.id;
      return { userId: user.id, name: user.name, email, created, reactivated, granted, alreadyHeld, key };
    });
  try {
    return await attempt();
  } catch (err) {
    // The same person invited twice at once: the other transaction made the account (or the role)
    // first; run again and find it.
    if (isDuplicateKey(err)) return attempt();
    throw err;
  }
}

export interface InvitationMailDeps {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
  mailDomain: string;
}

/**
 * Emails the invitation, logged in the outbound log like every other email. Returns false when the
 * relay would not take it: the access stands, and the page tells the administrator to let them know.
 */
export async function sendInvitation(deps: InvitationMailDeps, o: { invitation: Invitation; roles: Role[]; inviterName: string; org: Organisation }): Promise<boolean> {
  const { invitation: inv } = o;
  if (!inv.key) return false;
  const key = `invite:${inv.key}`;
  const digest = crypto.createHash('sha256').update(key).digest('hex').slice(0, 32);
  const messageId = `<${digest}@${deps.mailDomain}>`;
  const rendered = renderEmail('invitation', {
    recipientName: inv.name,
    inviterName: o.inviterName,
    orgName: o.org.name,
    roles: o.roles.map((r) => ROLE_LABELS[r]),
    severalRoles: o.roles.length > 1,
    signInUrl: `${deps.publicUrl}/login`,
    school: o.org.kind === 'school',
  });
  const row = await deps.db.emailMessage.create({
    data: { id: digest, idempotencyKey: key, direction: 'OUT', messageId, template: 'invitation', recipient: inv.email, sender: 'system', subject: rendered.subject, status: 'PENDING' },
  });
  try {
    await deps.mailer.send({ to: `"${inv.name.replace(/"/g, '')}" <${inv.email}>`, subject: rendered.subject, html: rendered.html, text: rendered.text, messageId });
  } catch (err) {
    await deps.db.emailMessage.update({ where: { id: row.id }, data: { detail: String((err as Error).message).slice(0, 500) } });
    return false;
  }
  await deps.db.emailMessage.update({ where: { id: row.id }, data: { status: 'SENT', sentAt: new Date() } });
  return true;
}
