// Rate limits on the few routes worth abusing: sign-in (per address), inbound mail (per address)
// and uploads (per person). Mounted on those routes only, never app-wide: pages stay as fast as
// they were. The counters live in this process's memory; several web processes behind one load
// balancer each count on their own (README: use a shared store such as rate-limit-redis there).
import type { NextFunction, Request, Response } from 'express';
import { rateLimit, ipKeyGenerator, type Options } from 'express-rate-limit';
import type { AppConfig, RateLimitSetting } from '../config';
import { render } from './views';

const waitFor = (res: Response) => Math.max(1, Number(res.getHeader('Retry-After')) || 60);

/** "2 minutes", "45 seconds": how long until the person may try again, in words. */
export function inWords(seconds: number): string {
  if (seconds >= 90) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minutes`;
  }
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

// The address behind the proxy (app.ts sets `trust proxy` outside dev); IPv6 addresses are
// grouped by /56 so that one household or school cannot step through its own block.
const byAddress = (req: Request) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');

function limiter(setting: RateLimitSetting, o: Partial<Options>) {
  return rateLimit({
    limit: setting.limit,
    windowMs: setting.windowMs,
    // RateLimit and RateLimit-Policy headers, and Retry-After on a 429.
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: byAddress,
    ...o,
  });
}

/** The page a person sees: what happened and when to try again. */
const tooManyPage = (what: string) => (req: Request, res: Response) => {
  // An upload's body may still be arriving: read it away so the browser gets this page, not a reset.
  req.resume();
  const seconds = waitFor(res);
  render(res, 'errors/tooMany', { title: 'Too many attempts', what, wait: inWords(seconds) }, 429);
};

export function createRateLimits(config: AppConfig) {
  const limits = config.rateLimits;
  return {
    /**
     * POST /login/dev, GET /login/esl and GET /login/callback, per address. Only attempts that go
     * wrong count (a refused, tampered or failed step): a school whose staff share one public
     * address can all sign in at 8.30 without locking each other out, while someone replaying
     * or forging callbacks is stopped after a few tries.
     */
    signIn: limiter(limits.signIn, {
      skipSuccessfulRequests: true,
      // A route may say a refusal is not worth counting (see uncountedSignInStep).
      requestWasSuccessful: (_req: Request, res: Response) => res.statusCode < 400 || res.locals.uncountedSignInStep === true,
      handler: tooManyPage('sign-in attempts from your network'),
    }),
    /** POST /inbound/email*, per sending address: a plain-text answer, for mail services. */
    inbound: limiter(limits.inbound, {
      handler: (req: Request, res: Response) => {
        req.resume();
        res.status(429).type('text/plain').send(`Too many messages from this address. Try again in ${inWords(waitFor(res))}.\n`);
      },
    }),
    /** POST /cases/:reference/files, per signed-in person (mounted after requireSignIn). */
    uploads: limiter(limits.uploads, {
      keyGenerator: (req: Request) => (req.actor ? `user:${req.actor.id}` : byAddress(req)),
      handler: tooManyPage('uploads'),
    }),
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;

/** For routers built without limits (a test that builds one router on its own). */
export const noLimit = (_req: Request, _res: Response, next: NextFunction) => next();
