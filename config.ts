// The one place the environment is read and validated; every process calls loadConfig() once at start.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';
import { parseServiceLevel } from './domain/workingDays';
import { DEFAULT_CONTINUE_AS_NEW_AFTER, DEFAULT_SERVICE_LEVELS } from './domain/serviceLevels';

export const projectRoot = __dirname;

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce
  .number({ message: 'must be a port number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const positiveNumber = z.coerce.number({ message: 'must be a number' }).positive('must be greater than 0');

const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const databaseUrl = z
  .string()
  .refine(
    (v) => v.startsWith('file:') || v.startsWith('postgresql://') || v.startsWith('postgres://'),
    'must be file:<path> for SQLite or postgresql://… for PostgreSQL',
  );

// "<attempts>/<window>", e.g. 20/5m: how many requests one address (or person) may make per window.
const RATE_LIMIT = /^(\d+)\/(\d+)(s|m|h)$/;
const rateLimit = z
  .string()
  .refine((v) => {
    const m = RATE_LIMIT.exec(v.trim());
    return m !== null && Number(m[1]) > 0 && Number(m[2]) > 0;
  }, 'must be <attempts>/<window>, like 20/5m (s, m or h), with both numbers above 0');

export interface RateLimitSetting {
  limit: number;
  windowMs: number;
}

function parseRateLimit(v: string): RateLimitSetting {
  const [, n, w, unit] = RATE_LIMIT.exec(v.trim())!;
  return { limit: Number(n), windowMs: Number(w) * { s: 1000, m: 60_000, h: 3_600_000 }[unit as 's' | 'm' | 'h'] };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** Plain http is refused for anything that is not this machine: codes and tokens travel on it. */
export const isLoopbackUrl = (v: string) => {
  try {
    return LOOPBACK_HOSTS.has(new URL(v).hostname);
  } catch {
    return false;
  }
};
/** A listening address on this machine only. */
const isLoopbackHost = (host: string) => LOOPBACK_HOSTS.has(host.toLowerCase()) || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
const oidcUrl = url(['http:', 'https:']).refine(
  (v) => !v.startsWith('http:') || isLoopbackUrl(v),
  'must start with https:// (http:// is accepted only for a loopback address such as 127.0.0.1, for tests)',
);

const serviceLevel = z
  .string()
  .refine((v) => parseServiceLevel(v) !== null, 'must be a number of working days like 2, or a duration like 30s, 10m, 2h or 3d');

const schema = z.object({
  APP_MODE: z.enum(['dev', 'production'], { message: 'must be dev or production' }).default('dev'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: databaseUrl.optional(),
  FILES_DIR: z.string().min(1).optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_IDLE_MINUTES: positiveNumber.default(60),
  SESSION_ABSOLUTE_HOURS: positiveNumber.default(12),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).default('Attendance Service <no-reply@attendance.example>'),
  MAIL_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a mail domain like attendance.example')
    .default('attendance.example'),
  DEV_MAIL_SINK_PORT: port.default(1025),
  INBOUND_SMTP_PORT: port.default(2525),
  INBOUND_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  INBOUND_SECRET: z.string().min(24, 'must be at least 24 characters').optional(),
  INBOUND_MAX_MB: positiveNumber.default(30),
  REPLY_TOKEN_DAYS: positiveNumber.default(90),
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port, e.g. localhost:7233').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('attendance-cases'),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_UI_URL: url(['http:', 'https:']).optional(),
  SLA_ASSIGN_OWNER: serviceLevel.default(DEFAULT_SERVICE_LEVELS.assignOwner),
  SLA_FIRST_CONTACT: serviceLevel.default(DEFAULT_SERVICE_LEVELS.firstContact),
  SLA_INACTIVITY: serviceLevel.default(DEFAULT_SERVICE_LEVELS.inactivity),
  CONTINUE_AS_NEW_AFTER: z.coerce.number({ message: 'must be a number' }).int().min(10, 'must be at least 10').default(DEFAULT_CONTINUE_AS_NEW_AFTER),
  OIDC_ISSUER: oidcUrl.optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URI: oidcUrl.optional(),
  OIDC_CLIENT_AUTH: z
    .enum(['client_secret_basic', 'client_secret_post'], { message: 'must be client_secret_basic or client_secret_post' })
    .default('client_secret_basic'),
  OIDC_LABEL: z.string().min(1).default('Sign in with Education Sector Logon (ESL)'),
  LEARNING_MODULE_URL: url(['https:']).optional(),
  SIGN_IN_RATE_LIMIT: rateLimit.default('20/5m'),
  INBOUND_RATE_LIMIT: rateLimit.default('120/1m'),
  UPLOAD_RATE_LIMIT: rateLimit.default('30/1m'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type AppConfig = ReturnType<typeof finish>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration error:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function finish(env: z.infer<typeof schema>) {
  const dataDir = path.resolve(projectRoot, env.DATA_DIR);
  const databaseUrl = env.DATABASE_URL ?? `file:${path.join(dataDir, 'app.db')}`;
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
  const dev = env.APP_MODE === 'dev';
  return {
    mode: env.APP_MODE,
    dev,
    port: env.PORT,
    host: env.HOST,
    publicUrl,
    dataDir,
    databaseUrl,
    filesDir: path.resolve(projectRoot, env.FILES_DIR ?? path.join(dataDir, 'files')),
    mailboxDir: path.join(dataDir, 'mailbox'),
    sessionSecret: env.SESSION_SECRET ?? devSecret(dataDir),
    sessionIdleMs: env.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: env.SESSION_ABSOLUTE_HOURS * 3_600_000,
    // No SMTP_URL: mail goes to the dev sink that the start command runs beside the app.
    smtpUrl: env.SMTP_URL ?? `smtp://127.0.0.1:${env.DEV_MAIL_SINK_PORT}`,
    usesDevMailSink: env.SMTP_URL === undefined,
    devMailSinkPort: env.DEV_MAIL_SINK_PORT,
    mailFrom: env.MAIL_FROM,
    mailDomain: env.MAIL_DOMAIN,
    inboundSmtpPort: env.INBOUND_SMTP_PORT,
    inboundSmtpHost: env.INBOUND_SMTP_HOST,
    // The shared secret of POST /inbound/email; in dev one is made from the session secret.
    inboundSecret: env.INBOUND_SECRET ?? crypto.createHash('sha256').update(`inbound|${env.SESSION_SECRET ?? devSecret(dataDir)}`).digest('base64url'),
    inboundMaxBytes: Math.round(env.INBOUND_MAX_MB * 1024 * 1024),
    replyTokenDays: env.REPLY_TOKEN_DAYS,
    temporal: {
      // No TEMPORAL_ADDRESS: the start command runs Temporal's dev server on this machine.
      embedded: env.TEMPORAL_ADDRESS === undefined,
      address: env.TEMPORAL_ADDRESS ?? `localhost:${env.TEMPORAL_DEV_PORT}`,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      uiPort: env.TEMPORAL_UI_PORT,
      uiUrl: (env.TEMPORAL_UI_URL ?? `http://localhost:${env.TEMPORAL_UI_PORT}`).replace(/\/$/, ''),
    },
    caseSettings: {
      serviceLevels: { assignOwner: env.SLA_ASSIGN_OWNER, firstContact: env.SLA_FIRST_CONTACT, inactivity: env.SLA_INACTIVITY },
      continueAsNewAfter: env.CONTINUE_AS_NEW_AFTER,
    },
    // Sign-in with the Education Sector Logon (or any OpenID Connect provider); null: not set up.
    oidc: env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
      ? {
          issuer: env.OIDC_ISSUER,
          clientId: env.OIDC_CLIENT_ID,
          clientSecret: env.OIDC_CLIENT_SECRET,
          clientAuth: env.OIDC_CLIENT_AUTH,
          redirectUri: env.OIDC_REDIRECT_URI ?? `${publicUrl}/login/callback`,
          label: env.OIDC_LABEL,
        }
      : null,
    // The schools' online learning module on the Ministry's learning platform; null: not known here.
    learningModuleUrl: env.LEARNING_MODULE_URL ?? null,
    rateLimits: {
      signIn: parseRateLimit(env.SIGN_IN_RATE_LIMIT),
      inbound: parseRateLimit(env.INBOUND_RATE_LIMIT),
      uploads: parseRateLimit(env.UPLOAD_RATE_LIMIT),
    },
    logLevel: env.LOG_LEVEL,
  };
}

/** Sign-in settings come as a set: one without the others is a mistake worth stopping for. */
function oidcProblems(env: z.infer<typeof schema>, dev: boolean): string[] {
  const parts = { OIDC_ISSUER: env.OIDC_ISSUER, OIDC_CLIENT_ID: env.OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: env.OIDC_CLIENT_SECRET };
  const given = Object.entries(parts).filter(([, v]) => v !== undefined);
  if (given.length === 0) {
    if (env.OIDC_REDIRECT_URI) return ['OIDC_REDIRECT_URI: is set, but OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are not'];
    return dev
      ? []
      : ['OIDC_ISSUER: must be set (with OIDC_CLIENT_ID and OIDC_CLIENT_SECRET) when APP_MODE=production: staff sign in with the Education Sector Logon'];
  }
  const problems = Object.entries(parts)
    .filter(([, v]) => v === undefined)
    .map(([name]) => `${name}: must be set too, because ${given.map(([n]) => n).join(' and ')} ${given.length === 1 ? 'is' : 'are'} set (sign-in needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together)`);
  const redirect = env.OIDC_REDIRECT_URI ?? `${(env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '')}/login/callback`;
  // Outside dev the sign-in cookie is Secure: a callback over plain http would never receive it.
  if (!dev && !redirect.startsWith('https:')) {
    problems.push(`OIDC_REDIRECT_URI=${JSON.stringify(redirect)}: must start with https:// when APP_MODE=production (set PUBLIC_URL or OIDC_REDIRECT_URI)`);
  }
  return problems;
}

/**
 * Reads and validates configuration. Throws ConfigError naming every bad variable, so the start
 * command can stop with a message a person can act on.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  const parsed = schema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '?');
        return `${name}=${JSON.stringify(relevant[name] ?? '')}: ${issue.message}`;
      }),
    );
  }
  const config = finish(parsed.data);
  // Every problem at once, so a production start is fixed in one go.
  const problems: string[] = [];
  if (!config.dev && !parsed.data.SESSION_SECRET) {
    problems.push('SESSION_SECRET: must be set (32+ random characters) when APP_MODE=production');
  }
  if (!config.dev && !parsed.data.INBOUND_SECRET) {
    problems.push('INBOUND_SECRET: must be set (24+ random characters) when APP_MODE=production');
  }
  problems.push(...oidcProblems(parsed.data, config.dev));
  // Dev mode signs anyone in as any demo person and shows every email sent: never to a network.
  if (config.dev && !isLoopbackHost(config.host)) {
    problems.push(`HOST=${JSON.stringify(config.host)}: dev mode (sign-in without a password, the dev mailbox) listens only on this machine (127.0.0.1, ::1 or localhost); set APP_MODE=production to serve a network`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

// In dev mode a random secret is kept under the data folder, so sessions survive a restart.
function devSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session.secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = crypto.randomBytes(32).toString('base64url');
    try {
      fs.writeFileSync(file, secret, { flag: 'wx', mode: 0o600 });
    } catch {
      // Another process wrote it first: use theirs.
    }
    return fs.readFileSync(file, 'utf8').trim();
  }
}
