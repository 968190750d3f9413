// Builds the portal's Express app from its dependencies; web/index.ts only listens. Tests drive the
// app in-process with the same function.
import path from 'node:path';
import crypto from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { WebDeps } from './deps';
import { createSessions } from './session';
import { createCsrf } from './csrf';
import { HttpError } from './errors';
import { render } from './views';
import { navigationFor } from './navigation';
import { authRoutes } from './routes/auth';
import { homeRoutes } from './routes/home';
import { requestRoutes } from './routes/requests';
import { caseRoutes } from './routes/cases';
import { healthRoutes } from './routes/health';
import { devMailboxRoutes } from './routes/devMailbox';
import { commentRoutes } from './routes/comments';
import { fileRoutes } from './routes/files';
import { primaryContactRoutes } from './routes/primaryContact';
import { providerActionRoutes } from './routes/providerActions';
import { createFileStore } from '../files/fileStore';
import { inboundRoutes } from './routes/inbound';
import { accessRoutes } from './routes/access';
import { operatorRoutes } from './routes/operator';
import { helpRoutes } from './routes/help';
import { typedTextOf } from './typedText';
import { createRateLimits } from './rateLimits';

export function createApp(deps: WebDeps) {
  const { config, log } = deps;
  const app = express();
  // Express's own last-resort handler shows stack traces outside production; ours runs first, but
  // if it ever failed, no one outside dev should see one.
  app.set('env', config.dev ? 'development' : 'production');
  const secure = !config.dev;
  const sessions = createSessions({ sql: deps.sql, secure, idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs });
  const csrf = createCsrf({ secret: config.sessionSecret, secure });
  // Only on sign-in, inbound mail and uploads: every other route is untouched (benchmarks).
  const limits = createRateLimits(config);

  app.disable('x-powered-by');
  // Pages are personal and change with every action: an ETag would only cost a hash of each page.
  app.set('etag', false);
  app.set('trust proxy', config.dev ? false : 1);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          ...(secure ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: secure,
      // Headers for browsers long gone (IE8 downloads, Flash policies, the retired XSS auditor):
      // every response would carry them for nothing.
      xDnsPrefetchControl: false,
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      xXssProtection: false,
      originAgentCluster: false,
    }),
  );
  app.use('/assets', express.static(path.join(__dirname, 'public'), { maxAge: config.dev ? 0 : '1d', index: false }));
  app.use(healthRoutes(deps));
  // Mail providers post replies here with a shared secret: no session, no CSRF token, no forms.
  app.use(inboundRoutes(deps, limits.inbound));

  app.use((req, res, next) => {
    res.locals.requestId = crypto.randomUUID();
    res.locals.dev = config.dev;
    res.locals.temporalUiUrl = config.temporal.uiUrl;
    next();
  });
  // parameterLimit: handing over a departing Primary Contact's open cases sends one field per case.
  const forms = express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 2000 });
  app.use((req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? next() : forms(req, res, next)));
  // A post with no form body (or one of another type) still reads as an empty form, never undefined.
  app.use((req, _res, next) => {
    req.body ??= {};
    next();
  });
  app.use(sessions.load);
  app.use(csrf.issue);
  app.use(csrf.verify);
  app.use((req, res, next) => {
    res.locals.actor = req.actor;
    res.locals.nav = req.actor ? navigationFor(req.actor, req.originalUrl) : [];
    next();
  });

  // The pages people open most come first: Express tries each router's routes in turn.
  app.use(caseRoutes(deps));
  app.use(homeRoutes(deps));
  app.use(authRoutes(deps, sessions, limits));
  app.use(requestRoutes(deps));
  app.use(commentRoutes(deps));
  app.use(fileRoutes(deps, createFileStore(config.filesDir), csrf.valid, limits.uploads));
  app.use(primaryContactRoutes(deps));
  app.use(providerActionRoutes(deps));
  app.use(accessRoutes(deps, sessions));
  app.use(operatorRoutes(deps, csrf.valid));
  app.use(helpRoutes(deps));
  if (config.dev) app.use(devMailboxRoutes(deps));

  app.use((_req, _res, next) => next(new HttpError(404, 'not-found')));
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = normalise(err);
    if (e.status >= 500) {
      log.error({ err, requestId: res.locals.requestId, method: req.method, path: req.path }, 'request failed');
    }
    if (res.headersSent) return;
    res.locals.actor ??= req.actor;
    res.locals.nav ??= [];
    const typed = e.kind === 'csrf' ? typedTextOf(req) : [];
    render(res, `errors/${templateFor(e)}`, { title: titleFor(e), detail: e.detail, path: req.originalUrl, typed }, e.status);
  });
  return app;
}

function normalise(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  const e = err as { status?: number; type?: string };
  // Errors from body parsing: a form too big or malformed is the sender's problem, not ours.
  if (e?.type === 'entity.too.large') return new HttpError(413, 'too-large');
  if (e?.type === 'parameters.too.many') return new HttpError(413, 'too-large', 'The form had more fields than the service accepts. Go back and try again; if it keeps happening, contact support.');
  if (e?.status && e.status >= 400 && e.status < 500) return new HttpError(400, 'bad-request');
  return new HttpError(500, 'server');
}

const templateFor = (e: HttpError) =>
  ({ 401: 'signedOut', 404: 'notFound', 403: e.kind === 'csrf' ? 'csrf' : 'forbidden', 400: 'badRequest', 409: 'badRequest', 413: 'tooLarge', 503: 'unavailable' })[e.status] ??
  'server';

const titleFor = (e: HttpError) =>
  ({
    401: 'You are signed out',
    404: 'Page not found',
    409: 'This has changed',
    403: e.kind === 'csrf' ? 'Your form has expired' : 'You cannot do this',
    400: 'There is a problem with your request',
    413: 'What you sent is too large',
    503: 'Sorry, the service is unavailable',
  })[e.status] ?? 'Sorry, there is a problem with the service';
