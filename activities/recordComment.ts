// Writes a comment and its timeline entry. The comment id comes from the workflow, so a retry
// writes nothing new.
import type { ActivityDeps } from './deps';
import { caseByReference } from './caseRecord';
import { recordEvent } from './timeline';
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
  async (i: RecordCommentInput): Promise<{ id: string; created: boolean }> => {
    const c = await caseByReference(db, i.reference);
    const at = new Date(i.at);
    const existing = await db.comment.findUnique({ where: { id: i.commentId } });
    if (!existing) {
      await db.comment.create({
        data: {
          id: i.commentId,
          caseId: c.id,
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
      });
    }
    await recordEvent(db, {
      id: `event:${i.commentId}`,
      caseId: c.id,
      actorId: i.by.id,
      actorName: i.by.name,
      kind: 'COMMENT_ADDED',
      summary: i.source === 'EMAIL' ? 'Comment added by email' : 'Comment added',
      commentId: i.commentId,
      createdAt: at,
    });
    await db.case.update({
      where: { id: c.id },
      data: { lastActivityAt: at, ...(i.contact && !c.firstContactAt ? { firstContactAt: at } : {}) },
    });
    return { id: i.commentId, created: !existing };
  };
