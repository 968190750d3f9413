// What a person may read of a case: its timeline, comments, files and service referrals, each
// filtered by the permission module (never in SQL alone, so the rule lives in one place).
import type { Sql } from '../../db/sql';
import { toBool, toDate } from '../../db/sql';
import type { Actor } from '../../domain/roles';
import { canReadContent, canReadEvent, relationTo, type CaseFacts } from '../../domain/permissions';

export interface TimelineItem {
  id: string;
  kind: string;
  summary: string;
  actorName: string;
  createdAt: Date;
  before: string | null;
  after: string | null;
  comment?: { id: string; body: string; shared: boolean; side: string; source: string };
  file?: { id: string; name: string; size: number; contentType: string; shared: boolean; side: string };
}

export async function readTimeline(sql: Sql, actor: Actor, c: CaseFacts & { id: number }, limit = 500): Promise<TimelineItem[]> {
  const rows = await sql.all<Record<string, unknown>>(
    `SELECT e."id", e."kind", e."summary", e."actorName", e."audience", e."createdAt", e."before", e."after",
            e."commentId", cm."body", cm."authorSide" AS "commentSide", cm."authorId" AS "commentAuthorId", cm."shared" AS "commentShared", cm."source" AS "commentSource",
            e."fileId", f."name" AS "fileName", f."size" AS "fileSize", f."contentType", f."authorSide" AS "fileSide", f."uploadedById", f."shared" AS "fileShared",
            e."referralId", rf."shared" AS "referralShared"
     FROM "TimelineEvent" e
     LEFT JOIN "Comment" cm ON cm."id" = e."commentId"
     LEFT JOIN "CaseFile" f ON f."id" = e."fileId"
     LEFT JOIN "ServiceReferral" rf ON rf."id" = e."referralId"
     WHERE e."caseId" = ? ORDER BY e."createdAt" DESC, e."id" DESC LIMIT ?`,
    [c.id, limit],
  );
  const items: TimelineItem[] = [];
  for (const r of rows) {
    const base = {
      id: String(r.id),
      kind: String(r.kind),
      summary: String(r.summary),
      actorName: String(r.actorName),
      createdAt: toDate(r.createdAt),
      before: (r.before as string | null) ?? null,
      after: (r.after as string | null) ?? null,
    };
    if (r.commentId && r.body !== null && r.body !== undefined) {
      const item = { authorSide: String(r.commentSide), authorId: (r.commentAuthorId as string | null) ?? null, shared: toBool(r.commentShared) };
      if (!canReadContent(actor, c, item)) continue;
      items.push({ ...base, comment: { id: String(r.commentId), body: String(r.body), shared: item.shared, side: item.authorSide, source: String(r.commentSource) } });
    } else if (r.fileId && r.fileName !== null && r.fileName !== undefined) {
      const item = { authorSide: String(r.fileSide), authorId: (r.uploadedById as string | null) ?? null, shared: toBool(r.fileShared) };
      if (!canReadContent(actor, c, item)) continue;
      items.push({ ...base, file: { id: String(r.fileId), name: String(r.fileName), size: Number(r.fileSize), contentType: String(r.contentType), shared: item.shared, side: item.authorSide } });
    } else if (r.referralId) {
      const item = { authorSide: 'PROVIDER', authorId: null, shared: toBool(r.referralShared) };
      if (!canReadContent(actor, c, item)) continue;
      items.push(base);
    } else if (canReadEvent(actor, c, String(r.audience))) {
      items.push(base);
    }
  }
  return items;
}

export interface CommentRow {
  id: string;
  createdAt: Date;
  authorName: string;
  body: string;
  side: string;
  shared: boolean;
  source: string;
}

export async function readComments(sql: Sql, actor: Actor, c: CaseFacts & { id: number }): Promise<CommentRow[]> {
  const rows = await sql.all<Record<string, unknown>>(
    'SELECT "id", "createdAt", "authorName", "authorId", "authorSide", "body", "shared", "source" FROM "Comment" WHERE "caseId" = ? ORDER BY "createdAt" DESC',
    [c.id],
  );
  return rows
    .filter((r) => canReadContent(actor, c, { authorSide: String(r.authorSide), authorId: (r.authorId as string | null) ?? null, shared: toBool(r.shared) }))
    .map((r) => ({
      id: String(r.id),
      createdAt: toDate(r.createdAt),
      authorName: String(r.authorName),
      body: String(r.body),
      side: String(r.authorSide),
      shared: toBool(r.shared),
      source: String(r.source),
    }));
}

export interface FileRow {
  id: string;
  name: string;
  createdAt: Date;
  contentType: string;
  size: number;
  uploaderName: string;
  side: string;
  shared: boolean;
}

export async function readFiles(sql: Sql, actor: Actor, c: CaseFacts & { id: number }): Promise<FileRow[]> {
  const rows = await sql.all<Record<string, unknown>>(
    'SELECT "id", "name", "createdAt", "contentType", "size", "uploaderName", "uploadedById", "authorSide", "shared" FROM "CaseFile" WHERE "caseId" = ? ORDER BY "createdAt" DESC',
    [c.id],
  );
  return rows
    .filter((r) => canReadContent(actor, c, { authorSide: String(r.authorSide), authorId: (r.uploadedById as string | null) ?? null, shared: toBool(r.shared) }))
    .map((r) => ({
      id: String(r.id),
      name: String(r.name),
      createdAt: toDate(r.createdAt),
      contentType: String(r.contentType),
      size: Number(r.size),
      uploaderName: String(r.uploaderName),
      side: String(r.authorSide),
      shared: toBool(r.shared),
    }));
}

export interface ReferralRow {
  id: string;
  number: string;
  date: Date;
  source: string;
  status: string;
  serviceName: string;
  serviceProvider: string;
  shared: boolean;
}

/** Service referrals are provider content: the school sees those shared with it. */
export async function readReferrals(sql: Sql, actor: Actor, c: CaseFacts & { id: number }): Promise<ReferralRow[]> {
  const rows = await sql.all<Record<string, unknown>>(
    'SELECT "id", "number", "date", "source", "status", "serviceName", "serviceProvider", "shared" FROM "ServiceReferral" WHERE "caseId" = ? ORDER BY "date" DESC, "number" DESC',
    [c.id],
  );
  return rows
    .filter((r) => canReadContent(actor, c, { authorSide: 'PROVIDER', authorId: null, shared: toBool(r.shared) }))
    .map((r) => ({
      id: String(r.id),
      number: String(r.number),
      date: toDate(r.date),
      source: String(r.source),
      status: String(r.status),
      serviceName: String(r.serviceName),
      serviceProvider: String(r.serviceProvider),
      shared: toBool(r.shared),
    }));
}

export const isProviderViewer = (actor: Actor, c: CaseFacts) => {
  const r = relationTo(actor, c);
  return r.owner || r.providerLead;
};
