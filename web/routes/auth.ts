// Signing in and out. In dev mode the sign-in page lists the demo people, one button each.
import { Router } from 'express';
import type { WebDeps } from '../deps';
import type { Sessions } from '../session';
import { render } from '../views';
import { HttpError } from '../errors';
import { ROLE_LABELS, type Role } from '../../domain/roles';

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

export function authRoutes(deps: WebDeps, sessions: Sessions) {
  const router = Router();

  router.get('/login', async (req, res) => {
    render(res, 'login', {
      title: 'Sign in',
      next: safeNext(req.query.next),
      devMode: deps.config.dev,
      groups: deps.config.dev ? await demoPeople(deps) : [],
      signedOut: req.query.signedOut === '1',
      sessionEnded: res.locals.sessionEnded === true,
    });
  });

  router.post('/login/dev', async (req, res) => {
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
