// The benchmark's server process: the real portal on one port and, as the baseline, a bare Express
// route rendering the same layout on another. Both in one process so they run under the same
// conditions; they are loaded one at a time.
import express from 'express';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config';
import { createPrisma } from '../db/prisma';
import { openSql } from '../db/sql';
import { createLogger } from '../logger';
import { createApp } from '../web/app';
import { renderPage } from '../web/views';
import { createMailer } from '../mail/mailer';

const config = loadConfig();
const log = createLogger('bench', 'silent');
// The pages measured never touch Temporal; the client exists because the app is built with one.
const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
const app = createApp({ config, sql: openSql(config.databaseUrl), db: createPrisma(config.databaseUrl), temporal, log, mailer });

const bare = express();
bare.get('/bare', (_req, res) => {
  res.type('html').send(renderPage('errors/notFound', { title: 'Bare' }, { actor: { name: 'Susan Wildes' }, nav: [{ href: '/', label: 'Home', current: true }], csrfToken: 'x'.repeat(43) }));
});

const appPort = Number(process.env.BENCH_APP_PORT);
const barePort = Number(process.env.BENCH_BARE_PORT);
app.listen(appPort, '127.0.0.1', () => {
  bare.listen(barePort, '127.0.0.1', () => process.send?.('ready'));
});

// Exit cleanly when the benchmark is done, so a --cpu-prof run writes its profile.
process.on('SIGTERM', () => process.exit(0));
