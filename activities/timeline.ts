// Writes one timeline entry, keyed by the caller's idempotency key: a retry changes nothing.
import type { Db } from '../db/prisma';

export interface TimelineEntry {
  id: string;
  caseId: number;
  actorId: string | null;
  actorName: string;
  kind: string;
  summary: string;
  audience?: 'ALL' | 'PROVIDER';
  commentId?: string;
  fileId?: string;
  referralId?: string;
  before?: string | null;
  after?: string | null;
  createdAt: Date;
}

export async function recordEvent(db: Db, entry: TimelineEntry): Promise<void> {
  await db.timelineEvent.upsert({ where: { id: entry.id }, update: {}, create: entry });
}

/** The same entry as a write to batch in a transaction with the change it records. */
export const eventRow = (db: Db, entry: TimelineEntry) => db.timelineEvent.create({ data: entry });
