// Writes a comment and its timeline entry. The comment id comes from the workflow, so a retry
// writes nothing new.
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityDeps } from './deps';
import type { ActingPerson } from '../workflows/messages';

export interface RecordCommentInput {
  reference: string;
  commentId: string;
  by: ActingPerson;
  body: string;
  shared: boolean;
  source: 'WEB' | 'EMAIL';
  emailId?: string;
  contact: boolean;
  at: string;
}

export const recordComment =
  ({ db }: ActivityDeps) =>
  async (i: RecordCommentInput): Promise<{ id: string }> => {
    const at = new Date(i.at);
    const eventId = `event:${i.commentId}`;
    // One nested write, not a read and four writes: Prisma's cost here is per call (about 2 ms
    // each), and this is on the path of every comment's round trip. connectOrCreate keeps it
    // idempotent: a retry finds the comment and the entry it made and adds nothing.
    try {
      await db.case.update({
        where: { reference: i.reference },
        select: { id: true },
        data: {
          lastActivityAt: at,
          comments: {
            connectOrCreate: {
              where: { id: i.commentId },
              create: {
                id: i.commentId,
                authorId: i.by.id,
                authorName: i.by.name,
                authorSide: i.by.side,
                body: i.body,
                source: i.source,
                // School comments are always visible to the provider; "shared" is about provider content.
                shared: i.by.side === 'SCHOOL' ? true : i.shared,
                emailId: i.emailId,
                createdAt: at,
              },
            },
          },
          events: {
            connectOrCreate: {
              where: { id: eventId },
              create: {
                id: eventId,
                actorId: i.by.id,
                actorName: i.by.name,
                kind: 'COMMENT_ADDED',
                summary: i.source === 'EMAIL' ? 'Comment added by email' : 'Comment added',
                commentId: i.commentId,
                createdAt: at,
              },
            },
          },
        },
      });
    } catch (err) {
      if ((err as { code?: string }).code === 'P2025') throw ApplicationFailure.nonRetryable(`No case ${i.reference}`, 'CaseNotFound');
      throw err;
    }
    if (i.contact) {
      // The first recorded contact with the school only; a later one leaves the date alone.
      await db.case.updateMany({ where: { reference: i.reference, firstContactAt: null }, data: { firstContactAt: at } });
    }
    return { id: i.commentId };
  };
