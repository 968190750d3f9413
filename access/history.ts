// The access audit trail: one AccessChange row per change, written by the same transaction as the
// change itself, so the trail can never disagree with who holds what.
import crypto from 'node:crypto';
import type { Db } from '../db/prisma';

/** The Prisma client inside an interactive transaction. */
export type Tx = Omit<Db, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export type AccessAction = 'GRANT' | 'REMOVE' | 'INVITE' | 'DEACTIVATE' | 'REACTIVATE';

export interface AccessChangeInput {
  actorId: string;
  targetUserId: string;
  action: AccessAction;
  role?: string | null;
  orgKey: string;
  detail?: string | null;
}

export function recordAccessChange(tx: Tx, c: AccessChangeInput, at: Date = new Date()) {
  return tx.accessChange.create({
    data: { id: crypto.randomUUID(), actorId: c.actorId, targetUserId: c.targetUserId, action: c.action, role: c.role ?? null, orgKey: c.orgKey, detail: c.detail ?? null, createdAt: at },
  });
}

/** Unique-key violations (two people granting the same role at the same moment). */
export const isDuplicateKey = (err: unknown) => (err as { code?: string })?.code === 'P2002';
