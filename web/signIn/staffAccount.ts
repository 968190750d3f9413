// Which staff account an ESL identity signs in as: first the ESL subject remembered on the user,
// else a verified email address, whose account then remembers the subject. An identity with no
// account, a deactivated account or one with no roles gets no session; the caller shows all three
// the same page, so nothing tells whether an email address is known.
import type { Sql } from '../../db/sql';
import { toBool } from '../../db/sql';
import type { EslIdentity } from './esl';

export type StaffAccount =
  | { ok: true; userId: string; linked: boolean }
  | { ok: false; reason: 'no account' | 'deactivated' | 'no roles' | 'email unverified' | 'email linked to another subject' };

interface UserRow {
  id: string;
  active: unknown;
  oidcSubject: string | null;
  roles: number;
}

const SELECT = `SELECT u."id", u."active", u."oidcSubject",
  (SELECT COUNT(*) FROM "RoleAssignment" r WHERE r."userId" = u."id") AS "roles"
  FROM "User" u`;

export async function staffAccountFor(sql: Sql, identity: EslIdentity): Promise<StaffAccount> {
  let user = await sql.get<UserRow>(`${SELECT} WHERE u."oidcSubject" = ?`, [identity.subject]);
  let link = false;
  if (!user) {
    // An unverified email could be anyone's: it never opens an account.
    if (!identity.email || !identity.emailVerified) return { ok: false, reason: identity.email ? 'email unverified' : 'no account' };
    user = await sql.get<UserRow>(`${SELECT} WHERE u."email" = ?`, [identity.email]);
    if (!user) return { ok: false, reason: 'no account' };
    // Someone else's ESL identity already signs in as this account: a re-used or moved email.
    if (user.oidcSubject !== null && user.oidcSubject !== identity.subject) return { ok: false, reason: 'email linked to another subject' };
    link = user.oidcSubject === null;
  }
  if (!toBool(user.active)) return { ok: false, reason: 'deactivated' };
  if (Number(user.roles) === 0) return { ok: false, reason: 'no roles' };
  if (link) {
    // Only while still unlinked (or linked to this very subject by a sign-in in another tab): two
    // different identities signing in at once cannot both claim the account.
    const changed = await sql.run('UPDATE "User" SET "oidcSubject" = ? WHERE "id" = ? AND ("oidcSubject" IS NULL OR "oidcSubject" = ?)', [
      identity.subject,
      user.id,
      identity.subject,
    ]);
    if (changed === 0) return { ok: false, reason: 'email linked to another subject' };
  }
  return { ok: true, userId: user.id, linked: link };
}
