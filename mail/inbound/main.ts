// The inbound mail process (`npm start` runs it): the SMTP listener for replies to notifications.
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../config';
import { temporalConnection } from '../../temporal.config';
import { createPrisma } from '../../db/prisma';
import { createFileStore } from '../../files/fileStore';
import { createMailer } from '../mailer';
import { replyTokensFor } from '../replyTokens';
import { createLogger } from '../../logger';
import { startInboundSmtp } from './smtpListener';

async function main() {
  const config = loadConfig();
  const log = createLogger('inbound', config.logLevel);
  const { connection: options, namespace } = temporalConnection(config);
  const connection = Connection.lazy(options);
  const db = createPrisma(config.databaseUrl);
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  const smtp = await startInboundSmtp(
    {
      db,
      temporal: new Client({ connection, namespace }),
      mailer,
      store: createFileStore(config.filesDir),
      tokens: replyTokensFor(config),
      log,
      mailDomain: config.mailDomain,
      publicUrl: config.publicUrl,
    },
    {
      port: config.inboundSmtpPort,
      host: config.inboundSmtpHost,
      spoolDir: path.join(config.dataDir, 'inbound'),
      maxBytes: config.inboundMaxBytes,
      connections: config.rateLimits.inbound,
    },
  );
  log.info({ host: config.inboundSmtpHost, port: smtp.port }, 'inbound SMTP listening');
  const stop = async () => {
    await smtp.close();
    mailer.close();
    await Promise.allSettled([db.$disconnect(), connection.close()]);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: Error) => {
  console.error(err.name === 'ConfigError' ? err.message : err);
  process.exit(1);
});
