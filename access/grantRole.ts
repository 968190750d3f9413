// Gives a person a role at a school or provider. Idempotent and race-safe: the unique key
// (userId, role, orgKey) decides, so a role granted twice (double click, two administrators at
// once) is one row, and the second grant is told the person already has it.
import crypto from 'node:crypto';
import type { Db } from '../db/prisma';
import type { Role } from '../domain/roles';
import { isDuplicateKey, recordAccessChange, type Tx } from './history';
import type { Organisation } from './organisation';

export type GrantOutcome = 'granted' | 'already-held';

/** Inside a transaction: the role, its audit row and, for a deactivated person, reactivation. */
export async function grantInTx(tx: Tx, o: { actorId: string; org: Organisation; userId: string; role: Role; action?: 'GRANT' | 'INVITE'; at: Date }): Promise<GrantOutcome> {
  const held = await tx.roleAssignment.findUnique({ where: { userId_role_orgKey: { userId: o.userId, role: o.role, orgKey: o.org.orgKey } } });
  if (held) return 'already-held';
  await tx.roleAssignment.create({
    data: {
      id: crypto.randomUUID(),
      userId: o.userId,
      role: o.role,
      orgKey: o.org.orgKey,
      schoolId: o.org.kind === 'school' ? o.org.id : null,
      providerId: o.org.kind === 'provider' ? o.org.id : null,
      grantedById: o.actorId,
      grantedAt: o.at,
    },
  });
  await recordAccessChange(tx, { actorId: o.actorId, targetUserId: o.userId, action: o.action ?? 'GRANT', role: o.role, orgKey: o.org.orgKey }, o.at);
  return 'granted';
}

/** A deactivated person given access again is active again (recorded as such). */
export async function reactivateInTx(tx: Tx, o: { actorId: string; org: Organisation; userId: string; at: Date }): Promise<boolean> {
  const { count } = await tx.user.updateMany({ where: { id: o.userId, active: false }, data: { active: true } });
  if (count > 0) await recordAccessChange(tx, { actorId: o.actorId, targetUserId: o.userId, action: 'REACTIVATE', orgKey: o.org.orgKey }, o.at);
  return count > 0;
}

export async function grantRole(db: Db, o: { actorId: string; org: Organisation; userId: string; role: Role }): Promise<GrantOutcome> {
  try {
    return await db.$transaction(async (tx) => {
      const at = new Date();
      const outcome = await grantInTx(tx, { ...o, at });
      if (outcome === 'granted') await reactivateInTx(tx, { ...o, at });
      return outcome;
    });
  } catch (err) {
    // Someone else granted it between our read and our insert: theirs stands, ours rolled back.
    if (isDuplicateKey(err)) return 'already-held';
    throw err;
  }
}
