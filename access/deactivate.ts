// Deactivating a person at a school or provider: every role they hold there goes; if they then hold
// no role anywhere they are marked inactive (sign-in refused). Their sessions are ended by the
// caller once this has committed, so their very next request is refused.
import type { Db } from '../db/prisma';
import type { Role } from '../domain/roles';
import { recordAccessChange } from './history';
import type { Organisation } from './organisation';
import { removeInTx } from './removeRole';

export interface Deactivation {
  removed: Role[];
  /** True when they hold no role anywhere now, so their account is inactive. */
  inactive: boolean;
}

export function deactivate(db: Db, o: { actorId: string; org: Organisation; userId: string; detail?: string | null }): Promise<Deactivation> {
  return db.$transaction(async (tx) => {
    const at = new Date();
    const here = await tx.roleAssignment.findMany({ where: { userId: o.userId, orgKey: o.org.orgKey }, orderBy: { role: 'asc' } });
    const removed: Role[] = [];
    for (const r of here) {
      if ((await removeInTx(tx, { actorId: o.actorId, org: o.org, userId: o.userId, role: r.role as Role, at })) === 'removed') removed.push(r.role as Role);
    }
    const elsewhere = await tx.roleAssignment.count({ where: { userId: o.userId } });
    const inactive = elsewhere === 0;
    if (inactive) await tx.user.update({ where: { id: o.userId }, data: { active: false } });
    await recordAccessChange(
      tx,
      { actorId: o.actorId, targetUserId: o.userId, action: 'DEACTIVATE', orgKey: o.org.orgKey, detail: [inactive ? 'Account deactivated: no access anywhere now' : 'Removed from this organisation; still has access elsewhere', o.detail].filter(Boolean).join('. ') },
      at,
    );
    return { removed, inactive };
  });
}
