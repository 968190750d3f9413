// What a person may read of a case: its timeline, comments, files and service referrals, each
// filtered by the permission module (never in SQL alone, so the rule lives in one place).
import type { Sql } from '../../db/sql';
import { toBool, toDate } from '../../db/sql';
import type { Actor } from '../../domain/roles';
import { readerOf, relationTo, type CaseFacts } from '../../domain/permissions';

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

// The newest entries a case page shows. A literal in the SQL, not a bound parameter: SQLite sorts
// twice as slowly with a bound LIMIT (measured on a case page's timeline).
const TIMELINE_LIMIT = 500;

export async function readTimeline(sql: Sql, actor: Actor, c: CaseFacts & { id: number }): Promise<TimelineItem[]> {
  const rows = await sql.all<Record<string, unknown>>(
    `SELECT e."id", e."kind", e."summary", e."actorName", e."audience", e."createdAt", e."before", e."after",
            e."commentId", cm."body", cm."authorSide" AS "commentSide", cm."authorId" AS "commentAuthorId", cm."shared" AS "commentShared", cm."source" AS "commentSource",
            e."fileId", f."name" AS "fileName", f."size" AS "fileSize", f."contentType", f."authorSide" AS "fileSide", f."uploadedById", f."shared" AS "fileShared",
            e."referralId", rf."shared" AS "referralShared"
     FROM "TimelineEvent" e
     LEFT JOIN "Comment" cm ON cm."id" = e."commentId"
     LEFT JOIN "CaseFile" f ON f."id" = e."fileId"
     LEFT JOIN "ServiceReferral" rf ON rf."id" = e."referralId"
     WHERE e."caseId" = ? ORDER BY e."createdAt" DESC, e."id" DESC LIMIT ${TIMELINE_LIMIT}`,
    [c.id],
  );
  const may = readerOf(actor, c);
  const items: TimelineItem[] = [];
  for (const r of rows) {
    const base: TimelineItem = {
      id: String(r.id),
      kind: String(r.kind),
      summary: String(r.summary),
      actorName: String(r.actorName),
      createdAt: toDate(r.createdAt),
      before: (r.before as string | null) ?? null,
      after: (r.after as string | null) ?? null,
      comment: undefined,
      file: undefined,
    };
    if (r.commentId && r.body !== null && r.body !== undefined) {
      const item = { authorSide: String(r.commentSide), authorId: (r.commentAuthorId as string | null) ?? null, shared: toBool(r.commentShared) };
      if (!may.content(item)) continue;
      base.comment = { id: String(r.commentId), body: String(r.body), shared: item.shared, side: item.authorSide, source: String(r.commentSource) };
      items.push(base);
    } else if (r.fileId && r.fileName !== null && r.fileName !== undefined) {
      const item = { authorSide: String(r.fileSide), authorId: (r.uploadedById as string | null) ?? null, shared: toBool(r.fileShared) };
      if (!may.content(item)) continue;
      base.file = { id: String(r.fileId), name: String(r.fileName), size: Number(r.fileSize), contentType: String(r.contentType), shared: item.shared, side: item.authorSide };
      items.push(base);
    } else if (r.referralId) {
      const item = { authorSide: 'PROVIDER', authorId: null, shared: toBool(r.referralShared) };
      if (!may.content(item)) continue;
      items.push(base);
    } else if (may.event(String(r.audience))) {
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
  const may = readerOf(actor, c);
  return rows
    .filter((r) => may.content({ authorSide: String(r.authorSide), authorId: (r.authorId as string | null) ?? null, shared: toBool(r.shared) }))
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
  const may = readerOf(actor, c);
  return rows
    .filter((r) => may.content({ authorSide: String(r.authorSide), authorId: (r.uploadedById as string | null) ?? null, shared: toBool(r.shared) }))
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
  const may = readerOf(actor, c);
  return rows
    .filter((r) => may.content({ authorSide: 'PROVIDER', authorId: null, shared: toBool(r.shared) }))
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
