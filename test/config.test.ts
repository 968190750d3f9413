// Configuration is read once and checked: a bad value stops the start with its name in the message.
import test from 'ava';
import { ConfigError, loadConfig } from '../config';

test('the embedded default needs no configuration at all', (t) => {
  const c = loadConfig({});
  t.is(c.port, 3000);
  t.true(c.temporal.embedded);
  t.true(c.usesDevMailSink);
  t.regex(c.databaseUrl, /^file:.*\.data\/app\.db$/);
  t.is(c.temporal.taskQueue, 'attendance-cases');
});

test('each bad value is named, with what it should be', (t) => {
  const err = t.throws(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SMTP_URL: 'mail.example', SLA_ASSIGN_OWNER: 'soon' }), { instanceOf: ConfigError });
  t.regex(err!.message, /PORT="eighty": must be a port number/);
  t.regex(err!.message, /DATABASE_URL="mysql:\/\/x": must be file:<path> for SQLite or postgresql:\/\/… for PostgreSQL/);
  t.regex(err!.message, /SMTP_URL="mail.example": must be a URL starting with smtp:\/\/ or smtps:\/\//);
  t.regex(err!.message, /SLA_ASSIGN_OWNER="soon": must be a number of working days like 2/);
});

test('production mode refuses to run without a session secret', (t) => {
  t.throws(() => loadConfig({ APP_MODE: 'production' }), { message: /SESSION_SECRET/ });
});

test('pointing at other infrastructure is configuration only', (t) => {
  const c = loadConfig({ TEMPORAL_ADDRESS: 'temporal.internal:7233', DATABASE_URL: 'postgresql://u:p@db/app', SMTP_URL: 'smtp://relay:25' });
  t.false(c.temporal.embedded);
  t.false(c.usesDevMailSink);
  t.is(c.temporal.address, 'temporal.internal:7233');
});

const PRODUCTION = { APP_MODE: 'production', SESSION_SECRET: 's'.repeat(32), INBOUND_SECRET: 'i'.repeat(24), PUBLIC_URL: 'https://attendance.example' };
const ESL = { OIDC_ISSUER: 'https://esl.example/realms/staff', OIDC_CLIENT_ID: 'attendance', OIDC_CLIENT_SECRET: 'client-secret' };

test('production mode refuses to start without ESL sign-in, naming OIDC_ISSUER', (t) => {
  const err = t.throws(() => loadConfig(PRODUCTION), { instanceOf: ConfigError });
  t.regex(err!.message, /OIDC_ISSUER: must be set \(with OIDC_CLIENT_ID and OIDC_CLIENT_SECRET\) when APP_MODE=production/);
  const c = loadConfig({ ...PRODUCTION, ...ESL });
  t.is(c.oidc?.redirectUri, 'https://attendance.example/login/callback', 'the redirect URI defaults to PUBLIC_URL/login/callback');
  t.is(c.oidc?.label, 'Sign in with Education Sector Logon (ESL)');
  t.is(c.oidc?.clientAuth, 'client_secret_basic');
});

test('sign-in settings are all or nothing: each missing one is named', (t) => {
  const err = t.throws(() => loadConfig({ OIDC_ISSUER: ESL.OIDC_ISSUER }), { instanceOf: ConfigError });
  t.regex(err!.message, /OIDC_CLIENT_ID: must be set too, because OIDC_ISSUER is set/);
  t.regex(err!.message, /OIDC_CLIENT_SECRET: must be set too, because OIDC_ISSUER is set/);
  t.throws(() => loadConfig({ OIDC_REDIRECT_URI: 'https://portal.example/login/callback' }), { message: /OIDC_REDIRECT_URI: is set, but OIDC_ISSUER/ });
  t.is(loadConfig({}).oidc, null, 'dev mode runs without ESL (dev sign-in)');
});

test('an ESL address over plain http is refused unless it is this machine (tests)', (t) => {
  t.throws(() => loadConfig({ ...ESL, OIDC_ISSUER: 'http://esl.example' }), {
    message: /OIDC_ISSUER="http:\/\/esl.example": must start with https:\/\/ \(http:\/\/ is accepted only for a loopback address/,
  });
  t.throws(() => loadConfig({ ...ESL, OIDC_ISSUER: 'esl.example' }), { message: /OIDC_ISSUER="esl.example": must be a URL/ });
  t.is(loadConfig({ ...ESL, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.issuer, 'http://127.0.0.1:4000');
  // In production the callback must be https: the sign-in cookie is Secure.
  t.throws(() => loadConfig({ ...PRODUCTION, ...ESL, PUBLIC_URL: 'http://attendance.example' }), {
    message: /OIDC_REDIRECT_URI="http:\/\/attendance.example\/login\/callback": must start with https:\/\//,
  });
});

test('rate limits are read as attempts per window, and a bad one is named', (t) => {
  const c = loadConfig({ SIGN_IN_RATE_LIMIT: '10/2m', UPLOAD_RATE_LIMIT: '5/30s' });
  t.deepEqual(c.rateLimits.signIn, { limit: 10, windowMs: 120_000 });
  t.deepEqual(c.rateLimits.uploads, { limit: 5, windowMs: 30_000 });
  t.deepEqual(c.rateLimits.inbound, { limit: 120, windowMs: 60_000 });
  const err = t.throws(() => loadConfig({ INBOUND_RATE_LIMIT: 'lots', SIGN_IN_RATE_LIMIT: '0/5m' }), { instanceOf: ConfigError });
  t.regex(err!.message, /INBOUND_RATE_LIMIT="lots": must be <attempts>\/<window>, like 20\/5m/);
  t.regex(err!.message, /SIGN_IN_RATE_LIMIT="0\/5m": must be/);
});

test('the online learning module address must be an https:// address', (t) => {
  const err = t.throws(() => loadConfig({ LEARNING_MODULE_URL: 'learning.example/attendance' }), { instanceOf: ConfigError });
  t.regex(err!.message, /LEARNING_MODULE_URL="learning.example\/attendance": must be a URL starting with https:\/\//);
  t.is(loadConfig({}).learningModuleUrl, null);
  t.is(loadConfig({ LEARNING_MODULE_URL: 'https://learning.example/attendance' }).learningModuleUrl, 'https://learning.example/attendance');
});

test('dev mode never listens on a network: demo sign-in needs no password', (t) => {
  for (const host of ['0.0.0.0', '::', '192.168.1.20']) {
    const err = t.throws(() => loadConfig({ HOST: host }), { instanceOf: ConfigError });
    t.regex(err!.message, new RegExp(`HOST=${JSON.stringify(host).replace(/\./g, '\\.')}: dev mode .* listens only on this machine`));
  }
  for (const host of ['127.0.0.1', 'localhost', '::1']) t.is(loadConfig({ HOST: host }).host, host);
  t.is(loadConfig({ ...PRODUCTION, ...ESL, HOST: '0.0.0.0' }).host, '0.0.0.0', 'production may serve a network');
});
