// The sign-in in progress, between "Sign in with ESL" and the ESL's redirect back: state, nonce,
// PKCE verifier and where to go next, in a short-lived HttpOnly cookie signed (HMAC) with the
// session secret. Signed so it cannot be forged or edited; bound to the browser that started the
// sign-in, so a callback link sent to someone else (login CSRF) finds no cookie and is refused.
import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import { readCookie } from '../cookies';

export interface SignInFlow {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  /** Epoch ms after which the flow is refused. */
  expires: number;
}

export const FLOW_LIFETIME_MS = 10 * 60_000;

export type FlowProblem = 'missing' | 'tampered' | 'expired';

export function createFlowCookie(o: { secret: string; secure: boolean }) {
  // The __Host- prefix outside dev: only this host, path /, Secure; no subdomain can plant one.
  const name = o.secure ? '__Host-signin' : 'signin';
  const options = { httpOnly: true, secure: o.secure, sameSite: 'lax' as const, path: '/' };
  const mac = (payload: string) => crypto.createHmac('sha256', o.secret).update(`signin-flow|${payload}`).digest('base64url');

  function save(res: Response, flow: Omit<SignInFlow, 'expires'>, now = Date.now()) {
    const payload = Buffer.from(JSON.stringify({ ...flow, expires: now + FLOW_LIFETIME_MS })).toString('base64url');
    res.cookie(name, `${payload}.${mac(payload)}`, { ...options, maxAge: FLOW_LIFETIME_MS });
  }

  /** The flow this browser started, or why there is none to trust. */
  function read(req: Request, now = Date.now()): { flow: SignInFlow } | { problem: FlowProblem } {
    const value = readCookie(req.headers.cookie, name);
    if (!value) return { problem: 'missing' };
    const [payload = '', signature = ''] = value.split('.');
    const expected = Buffer.from(mac(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return { problem: 'tampered' };
    let flow: SignInFlow;
    try {
      flow = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SignInFlow;
    } catch {
      return { problem: 'tampered' };
    }
    if (typeof flow.expires !== 'number' || flow.expires <= now) return { problem: 'expired' };
    return { flow };
  }

  /** One use only: the cookie goes whatever the outcome of the callback. */
  const clear = (res: Response) => res.clearCookie(name, options);

  return { save, read, clear, name };
}

/** Constant-time comparison of the state sent back with the one this browser started with. */
export function sameState(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = crypto.createHash('sha256').update(expected).digest();
  const b = crypto.createHash('sha256').update(given).digest();
  return crypto.timingSafeEqual(a, b);
}
