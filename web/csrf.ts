// CSRF tokens for every form: an HMAC of the session (or, before sign-in, of a random cookie), so a
// page on another site can neither read nor forge one. Checked on every state-changing request.
import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { readCookie } from './cookies';
import { HttpError } from './errors';

const UPLOAD_PATH = /^\/cases\/\d{8}\/files$/;
// The operator's reference data import: multipart too, its token checked once multer has parsed the
// form (web/routes/operator.ts), before anything is imported.
const IMPORT_PATH = /^\/operator\/import$/;

export function createCsrf(o: { secret: string; secure: boolean }) {
  const cookieName = o.secure ? '__Host-csrf' : 'csrf';
  const cookieOptions = { httpOnly: true, secure: o.secure, sameSite: 'lax' as const, path: '/' };
  // A token depends only on its basis, so it is worked out once per session, not on every page.
  const signed = new Map<string, string>();
  const sign = (basis: string) => {
    let token = signed.get(basis);
    if (token === undefined) {
      token = crypto.createHmac('sha256', o.secret).update(`csrf|${basis}`).digest('base64url');
      if (signed.size >= 10_000) signed.clear();
      signed.set(basis, token);
    }
    return token;
  };

  function basis(req: Request, res: Response | null): string | undefined {
    if (req.sessionHash) return `s:${req.sessionHash}`;
    let anon = readCookie(req.headers.cookie, cookieName);
    if (!anon && res) {
      anon = crypto.randomBytes(18).toString('base64url');
      res.cookie(cookieName, anon, cookieOptions);
    }
    return anon ? `a:${anon}` : undefined;
  }

  /** Puts the token in res.locals.csrfToken for the forms on the page. */
  function issue(req: Request, res: Response, next: NextFunction) {
    const b = basis(req, res);
    res.locals.csrfToken = b ? sign(b) : '';
    next();
  }

  function valid(req: Request, token: unknown): boolean {
    const b = basis(req, null);
    if (!b || typeof token !== 'string' || token.length === 0) return false;
    const expected = Buffer.from(sign(b));
    const given = Buffer.from(token);
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  }

  /**
   * Refuses a state-changing request without a valid token (403, with a page that says what to
   * do). Multipart forms are the exception made here: their body is not parsed yet, so the handler
   * checks the token itself: case uploads before they store a byte (web/uploads.ts), the reference
   * data import before it imports anything (web/routes/operator.ts).
   */
  function verify(req: Request, _res: Response, next: NextFunction) {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    if (req.method === 'POST' && (UPLOAD_PATH.test(req.path) || IMPORT_PATH.test(req.path)) && req.is('multipart/form-data')) return next();
    const token = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
    if (!valid(req, token)) return next(new HttpError(403, 'csrf'));
    next();
  }

  return { issue, verify, valid };
}
