// The worker process: connects to Temporal and runs case workflows until told to stop.
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig } from '../config';
import { temporalConnection } from '../temporal.config';
import { createPrisma } from '../db/prisma';
import { createMailer } from '../mail/mailer';
import { replyTokensFor } from '../mail/replyTokens';
import { createLogger } from '../logger';
import { createCaseWorker } from './createWorker';

async function main() {
  const config = loadConfig();
  const log = createLogger('worker', config.logLevel);
  // The SDK's own log lines (bundling, state changes) only when they matter.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const { connection: options, namespace } = temporalConnection(config);
  const connection = await NativeConnection.connect(options);
  const db = createPrisma(config.databaseUrl);
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  const worker = await createCaseWorker({
    connection,
    namespace,
    taskQueue: config.temporal.taskQueue,
    deps: { db, mailer, log, publicUrl: config.publicUrl, mailDomain: config.mailDomain, replyTokens: replyTokensFor(config) },
  });
  log.info({ taskQueue: config.temporal.taskQueue, namespace }, 'worker started');
  await worker.run();
  await db.$disconnect();
  mailer.close();
  await connection.close();
}

main().catch((err: Error) => {
  console.error(err.name === 'ConfigError' ? err.message : err);
  process.exit(1);
});
