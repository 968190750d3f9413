// Server-side sessions in the app database: the cookie holds a random token, the database only its
// hash. Idle and absolute time-outs; a user who is deactivated or has no roles left is signed out
// on their next request.
import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Sql } from '../db/sql';
import { toBool, toDate } from '../db/sql';
import type { Actor, Role } from '../domain/roles';
import { readCookie } from './cookies';

export interface SessionOptions {
  sql: Sql;
  secure: boolean;
  idleMs: number;
  absoluteMs: number;
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
    sessionHash?: string;
  }
}

const TOUCH_EVERY_MS = 60_000;
const hash = (token: string) => crypto.createHash('sha256').update(token).digest('base64url');

// A signed-in person sends the same token on every request: its hash is worked out once. Only the
// hashing is remembered; the session itself is read from the database on every request, so a
// sign-out or a removed role counts at once.
const hashes = new Map<string, string>();
function hashOf(token: string): string {
  let h = hashes.get(token);
  if (h === undefined) {
    h = hash(token);
    if (hashes.size >= 10_000) hashes.clear();
    hashes.set(token, h);
  }
  return h;
}

export function createSessions(o: SessionOptions) {
  const cookieName = o.secure ? '__Host-sid' : 'sid';
  const cookieOptions = { httpOnly: true, secure: o.secure, sameSite: 'lax' as const, path: '/' };

  async function signIn(res: Response, userId: string): Promise<string> {
    // Always a new token at sign-in: a session id planted before sign-in is never promoted.
    const token = crypto.randomBytes(32).toString('base64url');
    const now = new Date();
    const id = hash(token);
    await o.sql.run('INSERT INTO "Session" ("id", "userId", "createdAt", "lastSeenAt", "expiresAt") VALUES (?, ?, ?, ?, ?)', [
      id,
      userId,
      o.sql.time(now),
      o.sql.time(now),
      o.sql.time(new Date(now.getTime() + o.absoluteMs)),
    ]);
    res.cookie(cookieName, token, { ...cookieOptions, maxAge: o.absoluteMs });
    return id;
  }

  async function signOut(req: Request, res: Response): Promise<void> {
    if (req.sessionHash) await o.sql.run('DELETE FROM "Session" WHERE "id" = ?', [req.sessionHash]);
    res.clearCookie(cookieName, cookieOptions);
    req.actor = undefined;
    req.sessionHash = undefined;
  }

  /** Sign-out everywhere: every session of the user ends. */
  const endAllFor = (userId: string) => o.sql.run('DELETE FROM "Session" WHERE "userId" = ?', [userId]);

  async function load(req: Request, res: Response, next: NextFunction) {
    const token = readCookie(req.headers.cookie, cookieName);
    if (!token) return next();
    const id = hashOf(token);
    // One query: the session, its user and every role the user holds (one row per role).
    const rows = await o.sql.all<{ userId: string; lastSeenAt: unknown; expiresAt: unknown; name: string; email: string; active: unknown; role: Role | null; schoolId: string | null; providerId: string | null }>(
      `SELECT s."userId", s."lastSeenAt", s."expiresAt", u."name", u."email", u."active", r."role", r."schoolId", r."providerId"
       FROM "Session" s JOIN "User" u ON u."id" = s."userId" LEFT JOIN "RoleAssignment" r ON r."userId" = s."userId"
       WHERE s."id" = ?`,
      [id],
    );
    const row = rows[0];
    const now = Date.now();
    if (!row || !toBool(row.active) || toDate(row.expiresAt).getTime() <= now || toDate(row.lastSeenAt).getTime() + o.idleMs <= now) {
      // A deactivated person is signed out everywhere at once; a timed-out session only ends itself.
      if (row && !toBool(row.active)) await endAllFor(row.userId);
      else if (row) await o.sql.run('DELETE FROM "Session" WHERE "id" = ?', [id]);
      res.clearCookie(cookieName, cookieOptions);
      res.locals.sessionEnded = Boolean(row);
      return next();
    }
    const roles = rows.filter((r) => r.role !== null).map((r) => ({ role: r.role as Role, schoolId: r.schoolId, providerId: r.providerId }));
    if (roles.length === 0) {
      await endAllFor(row.userId);
      res.clearCookie(cookieName, cookieOptions);
      res.locals.sessionEnded = true;
      return next();
    }
    if (toDate(row.lastSeenAt).getTime() + TOUCH_EVERY_MS <= now) {
      await o.sql.run('UPDATE "Session" SET "lastSeenAt" = ? WHERE "id" = ?', [o.sql.time(new Date(now)), id]);
    }
    req.sessionHash = id;
    req.actor = { id: row.userId, name: row.name, email: row.email, roles };
    next();
  }

  return { signIn, signOut, endAllFor, load, cookieName };
}

export type Sessions = ReturnType<typeof createSessions>;
