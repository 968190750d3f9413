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
