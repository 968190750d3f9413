// The whole system in one test process: a fresh database, real SMTP on loopback, a worker on the
// real Temporal dev server (its own task queue, so stacks can share one server), and the portal.
import crypto from 'node:crypto';
import path from 'node:path';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { registerNamespace } from '../../scripts/temporalAdmin';
import type { Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { loadConfig, type AppConfig } from '../../config';
import { createLogger } from '../../logger';
import { createMailer, type Mailer } from '../../mail/mailer';
import { replyTokensFor } from '../../mail/replyTokens';
import { startInboundSmtp, type InboundSmtp } from '../../mail/inbound/smtpListener';
import type { InboundDeps } from '../../mail/inbound/receive';
import { createFileStore } from '../../files/fileStore';
import { createCaseWorker } from '../../worker/createWorker';
import { createApp } from '../../web/app';
import type { ActivityDeps } from '../../activities';
import { freshDatabase, type TestDatabase } from './database';
import { startMailbox, type TestMailbox } from './mailbox';
import { adoptDemoCases } from '../../prisma/seed';
import { replayHistories } from './replay';

export interface Stack {
  config: AppConfig;
  database: TestDatabase;
  mailbox: TestMailbox;
  env: TestWorkflowEnvironment;
  /** A client on the stack's own namespace. */
  client: Client;
  taskQueue: string;
  deps: ActivityDeps;
  mailer: Mailer;
  worker: Worker | null;
  app: ReturnType<typeof createApp>;
  /** Set when started with `listen: true` (browser tests). */
  baseUrl?: string;
  /** Set when started with `inbound: true`. */
  inbound?: InboundSmtp;
  close(): Promise<void>;
}

export interface StackOptions {
  env: TestWorkflowEnvironment;
  bundle: WorkflowBundleWithSourceMap;
  listen?: boolean;
  demo?: boolean;
  dialect?: 'sqlite' | 'postgres';
  /** Start the demo cases' workflows too, so actions on them work (as `npm start` does). */
  adopt?: boolean;
  /** false: no worker in this process (a test runs its own, e.g. as a child process it can kill). */
  worker?: boolean;
  /** Also run the inbound SMTP listener (replies by email), on a free port. */
  inbound?: boolean;
  configOverrides?: Record<string, string>;
}

let registering: Promise<void> = Promise.resolve();

/** What the inbound mail handler needs, wired as the inbound process wires it. */
export function inboundDeps(config: AppConfig, database: TestDatabase, client: Client, mailer: Mailer, log: ActivityDeps['log']): InboundDeps {
  return {
    db: database.db,
    temporal: client,
    mailer,
    store: createFileStore(config.filesDir),
    tokens: replyTokensFor(config),
    log,
    mailDomain: config.mailDomain,
    publicUrl: config.publicUrl,
  };
}

export async function startStack(o: StackOptions): Promise<Stack> {
  const database = await freshDatabase({ demo: o.demo, dialect: o.dialect });
  const mailbox = await startMailbox(path.join(database.dir, 'mailbox'));
  // A namespace of its own: workflow ids (case-<reference>) repeat across fresh databases.
  const namespace = `test-${crypto.randomUUID()}`;
  const taskQueue = 'attendance-cases';
  // One registration at a time: the dev server refuses concurrent namespace updates.
  const registered = registering.then(() => registerNamespace(o.env.client, namespace));
  registering = registered.catch(() => undefined);
  await registered;
  const client = new Client({ connection: o.env.connection, namespace });
  const config = loadConfig({
    APP_MODE: 'dev',
    DATA_DIR: database.dir,
    DATABASE_URL: database.url,
    SMTP_URL: mailbox.smtpUrl,
    TEMPORAL_TASK_QUEUE: taskQueue,
    TEMPORAL_NAMESPACE: namespace,
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    PUBLIC_URL: 'http://portal.test',
    LOG_LEVEL: 'silent',
    ...o.configOverrides,
  });
  const log = createLogger('test', process.env.TEST_LOG_LEVEL ?? 'silent');
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  const deps: ActivityDeps = { db: database.db, mailer, log, publicUrl: config.publicUrl, mailDomain: config.mailDomain, replyTokens: replyTokensFor(config) };
  const worker =
    o.worker === false
      ? null
      : await createCaseWorker({ connection: o.env.nativeConnection, namespace, taskQueue, deps, workflowBundle: o.bundle });
  const running = worker?.run() ?? Promise.resolve();
  if (o.adopt) await adoptDemoCases(client, taskQueue, config.caseSettings);
  let inbound: InboundSmtp | undefined;
  if (o.inbound) {
    inbound = await startInboundSmtp(inboundDeps(config, database, client, mailer, log), { port: 0, spoolDir: path.join(database.dir, 'inbound'), maxBytes: config.inboundMaxBytes, connections: config.rateLimits.inbound });
    config.inboundSmtpPort = inbound.port;
  }
  const app = createApp({ config, sql: database.sql, db: database.db, temporal: client, log, mailer });
  let server: http.Server | undefined;
  let baseUrl: string | undefined;
  if (o.listen) {
    server = await new Promise<http.Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  return {
    config,
    database,
    mailbox,
    env: o.env,
    client,
    taskQueue,
    deps,
    mailer,
    worker,
    app,
    baseUrl,
    inbound,
    async close() {
      server?.closeAllConnections();
      await new Promise((r) => (server ? server.close(r) : r(undefined)));
      await inbound?.close();
      worker?.shutdown();
      await running;
      let unreplayable: string[];
      try {
        unreplayable = (await replayHistories(client, o.bundle)).failures;
      } finally {
        mailer.close();
        await mailbox.close();
        await database.close();
      }
      if (unreplayable.length) throw new Error(`Workflow histories that do not replay on the same code (nondeterminism):\n${unreplayable.join('\n')}`);
    },
  };
}
