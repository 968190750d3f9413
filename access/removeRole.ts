// Takes a role away from a person at a school or provider. Idempotent: removing a role the person
// no longer holds changes nothing and says so. The person's sessions read their roles afresh on
// every request, so the access ends at their next request.
import type { Db } from '../db/prisma';
import type { Role } from '../domain/roles';
import { recordAccessChange, type Tx } from './history';
import type { Organisation } from './organisation';

export type RemoveOutcome = 'removed' | 'not-held';

export async function removeInTx(tx: Tx, o: { actorId: string; org: Organisation; userId: string; role: Role; detail?: string | null; at: Date }): Promise<RemoveOutcome> {
  const { count } = await tx.roleAssignment.deleteMany({ where: { userId: o.userId, role: o.role, orgKey: o.org.orgKey } });
  if (count === 0) return 'not-held';
  await recordAccessChange(tx, { actorId: o.actorId, targetUserId: o.userId, action: 'REMOVE', role: o.role, orgKey: o.org.orgKey, detail: o.detail }, o.at);
  return 'removed';
}

export function removeRole(db: Db, o: { actorId: string; org: Organisation; userId: string; role: Role; detail?: string | null }): Promise<RemoveOutcome> {
  return db.$transaction((tx) => removeInTx(tx, { ...o, at: new Date() }));
}
