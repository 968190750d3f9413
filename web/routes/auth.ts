// Signing in and out: with the Education Sector Logon (OpenID Connect, web/signIn/), and in dev
// mode also as any demo person, one button each. Sign-in steps are rate limited per address.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { WebDeps } from '../deps';
import type { Sessions } from '../session';
import { render } from '../views';
import { HttpError } from '../errors';
import { ROLE_LABELS, type Role } from '../../domain/roles';
import { createEsl, EslUnavailable, SignInRefused } from '../signIn/esl';
import { createFlowCookie, sameState } from '../signIn/flowCookie';
import { staffAccountFor } from '../signIn/staffAccount';
import { noLimit } from '../rateLimits';

/** Only same-site paths: a crafted `next` must not send someone to another site after sign-in. */
export const safeNext = (value: unknown) =>
  typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && !value.startsWith('/login') ? value : '/';

async function demoPeople(deps: WebDeps) {
  const rows = await deps.sql.all<{ email: string; name: string; role: Role; org: string | null }>(
    `SELECT u."email", u."name", r."role", COALESCE(s."name", p."name") AS "org"
     FROM "User" u JOIN "RoleAssignment" r ON r."userId" = u."id"
     LEFT JOIN "School" s ON s."id" = r."schoolId" LEFT JOIN "Provider" p ON p."id" = r."providerId"
     WHERE u."active" = ? ORDER BY "org", u."name"`,
    [true],
  );
  const groups = new Map<string, Map<string, { email: string; name: string; roles: string[] }>>();
  for (const r of rows) {
    const org = r.org ?? 'Attendance Service operations';
    const people = groups.get(org) ?? new Map();
    groups.set(org, people);
    const person = people.get(r.email) ?? { email: r.email, name: r.name, roles: [] };
    person.roles.push(ROLE_LABELS[r.role] ?? r.role);
    people.set(r.email, person);
  }
  return [...groups].map(([org, people]) => ({ org, people: [...people.values()].map((p) => ({ ...p, roles: p.roles.join(', ') })) }));
}

// What the person is told when a callback is refused: what went wrong, in their terms.
const FAILURE_MESSAGES = {
  cancelled: 'Signing in was cancelled, or the Education Sector Logon did not allow it.',
  idpError: 'The Education Sector Logon could not sign you in.',
  missing: 'This sign-in was not started in this browser, or it was already used.',
  expired: 'This sign-in took longer than 10 minutes.',
  refused: 'The answer from the Education Sector Logon could not be checked, so it was not accepted.',
} as const;

export function authRoutes(deps: WebDeps, sessions: Sessions, limits: { signIn: RequestHandler } = { signIn: noLimit }) {
  const router = Router();
  const { config } = deps;
  const esl = config.oidc ? createEsl(config.oidc) : null;
  const flows = createFlowCookie({ secret: config.sessionSecret, secure: !config.dev });
  const eslHref = (next: string) => (next === '/' ? '/login/esl' : `/login/esl?next=${encodeURIComponent(next)}`);

  router.get('/login', async (req, res) => {
    const next = safeNext(req.query.next);
    render(res, 'login', {
      title: 'Sign in',
      next,
      eslLabel: esl?.label,
      eslHref: eslHref(next),
      devMode: config.dev,
      // Never outside dev: the list of people is itself information about who works where.
      groups: config.dev ? await demoPeople(deps) : [],
      signedOut: req.query.signedOut === '1',
      sessionEnded: res.locals.sessionEnded === true,
    });
  });

  /** The ESL could not be reached: a page saying so, logged for operators, no stack trace. */
  function eslUnavailable(res: Response, err: EslUnavailable) {
    deps.log.warn({ reason: err.reason, requestId: res.locals.requestId }, 'sign-in unavailable: the ESL did not answer');
    res.setHeader('Retry-After', '60');
    render(
      res,
      'errors/unavailable',
      { title: 'Sign-in is unavailable', detail: 'Signing in with the Education Sector Logon is unavailable just now. Try again in a few minutes.' },
      503,
    );
  }

  function signInFailed(req: Request, res: Response, reason: string, message: string, next = '/') {
    deps.log.warn({ reason, requestId: res.locals.requestId }, 'sign-in did not complete');
    render(res, 'signInFailed', { title: 'Sign-in did not complete', reason: message, retryHref: next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}` }, 400);
  }

  router.get('/login/esl', limits.signIn, async (req, res) => {
    if (!esl) throw new HttpError(404, 'not-found');
    let started: Awaited<ReturnType<typeof esl.start>>;
    try {
      started = await esl.start();
    } catch (err) {
      if (err instanceof EslUnavailable) return eslUnavailable(res, err);
      throw err;
    }
    flows.save(res, { state: started.state, nonce: started.nonce, verifier: started.verifier, next: safeNext(req.query.next) });
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, started.url.href);
  });

  router.get('/login/callback', limits.signIn, async (req, res) => {
    if (!esl) throw new HttpError(404, 'not-found');
    const found = flows.read(req);
    // One use: whatever happens next, this browser's sign-in in progress is over.
    flows.clear(res);
    const next = 'flow' in found ? safeNext(found.flow.next) : '/';
    // A callback from a browser that started no sign-in is refused but not counted against the
    // address: any web page can make a visitor's browser fetch this address (an <img> will do),
    // and counting those would let one page lock a whole school's shared address out of sign-in.
    // It costs nothing (no call to the ESL), and a forged or replayed one still needs the cookie.
    if ('problem' in found && found.problem === 'missing') res.locals.uncountedSignInStep = true;
    if (typeof req.query.error === 'string') {
      const cancelled = req.query.error === 'access_denied';
      return signInFailed(req, res, `the ESL answered ${req.query.error.slice(0, 60)}`, cancelled ? FAILURE_MESSAGES.cancelled : FAILURE_MESSAGES.idpError, next);
    }
    if ('problem' in found) {
      return signInFailed(req, res, `flow cookie ${found.problem}`, found.problem === 'expired' ? FAILURE_MESSAGES.expired : FAILURE_MESSAGES.missing);
    }
    if (!sameState(found.flow.state, req.query.state)) return signInFailed(req, res, 'state mismatch', FAILURE_MESSAGES.refused, next);
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    let identity: Awaited<ReturnType<typeof esl.finish>>;
    try {
      identity = await esl.finish(query, found.flow);
    } catch (err) {
      if (err instanceof EslUnavailable) return eslUnavailable(res, err);
      if (err instanceof SignInRefused) return signInFailed(req, res, err.reason, FAILURE_MESSAGES.refused, next);
      throw err;
    }
    const account = await staffAccountFor(deps.sql, identity);
    // Whoever was signed in on this browser before is signed out either way: the person at the
    // keyboard has just proved they are someone (possibly else).
    if (req.sessionHash) {
      await sessions.signOut(req, res);
      res.locals.actor = undefined;
      res.locals.nav = [];
    }
    if (!account.ok) {
      deps.log.warn({ reason: account.reason, subject: identity.subject, requestId: res.locals.requestId }, 'sign-in refused: no access');
      return render(res, 'noAccess', { title: 'You do not have access' }, 403);
    }
    await sessions.signIn(res, account.userId);
    deps.log.info({ userId: account.userId, linked: account.linked }, 'signed in (esl)');
    res.redirect(303, next);
  });

  router.post('/login/dev', limits.signIn, async (req, res) => {
    if (!deps.config.dev) throw new HttpError(404, 'not-found');
    const email = typeof req.body.email === 'string' ? req.body.email.trim().toLowerCase() : '';
    const next = safeNext(req.body.next);
    const user = email
      ? await deps.sql.get<{ id: string }>(
          `SELECT u."id" FROM "User" u WHERE u."email" = ? AND u."active" = ?
           AND EXISTS (SELECT 1 FROM "RoleAssignment" r WHERE r."userId" = u."id")`,
          [email, true],
        )
      : undefined;
    if (!user) {
      res.status(400);
      return render(
        res,
        'login',
        {
          title: 'Sign in',
          next,
          devMode: true,
          groups: await demoPeople(deps),
          email,
          error: email ? 'No one with access to the Attendance Service has that email address.' : 'Enter an email address.',
        },
        400,
      );
    }
    if (req.sessionHash) await sessions.signOut(req, res);
    await sessions.signIn(res, user.id);
    deps.log.info({ userId: user.id }, 'signed in (dev)');
    res.redirect(303, next);
  });

  router.post('/logout', async (req, res) => {
    await sessions.signOut(req, res);
    res.redirect(303, '/login?signedOut=1');
  });

  return router;
}
