// The portal process: builds the app and listens. Stops cleanly on SIGINT/SIGTERM.
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config';
import { temporalConnection } from '../temporal.config';
import { createPrisma } from '../db/prisma';
import { openSql } from '../db/sql';
import { createLogger } from '../logger';
import { createApp } from './app';
import { createMailer } from '../mail/mailer';

async function main() {
  const config = loadConfig();
  const log = createLogger('web', config.logLevel);
  const { connection: options, namespace } = temporalConnection(config);
  // Lazy: the portal starts (and /healthz says so) even while Temporal is still coming up.
  const connection = Connection.lazy(options);
  const temporal = new Client({ connection, namespace });
  const sql = openSql(config.databaseUrl);
  const db = createPrisma(config.databaseUrl);
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  const app = createApp({ config, sql, db, temporal, log, mailer });
  const server = app.listen(config.port, config.host, () => log.info({ url: config.publicUrl }, 'portal listening'));
  server.on('error', (err: NodeJS.ErrnoException) => {
    console.error(err.code === 'EADDRINUSE' ? `Port ${config.port} is already in use: is the portal already running? Set PORT to use another.` : err);
    process.exit(1);
  });
  const stop = () => {
    server.close(async () => {
      await Promise.allSettled([sql.close(), db.$disconnect(), connection.close()]);
      process.exit(0);
    });
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  console.error(err.name === 'ConfigError' ? err.message : err);
  process.exit(1);
});
