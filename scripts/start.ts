// Starts everything on the embedded default (or against what the environment points at): Temporal's
// dev server with its Web UI, the database migrations and demo data, the dev mail sink, the worker
// and the portal. Ctrl-C stops every process it started.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { ConfigError, loadConfig, projectRoot, type AppConfig } from '../config';
import { temporalConnection } from '../temporal.config';
import { ensureSearchAttributes } from './temporalAdmin';
import { WEB_NODE_FLAGS } from './nodeFlags';
import { migrate } from '../db/migrate';
import { createPrisma } from '../db/prisma';
import { startDevMailSink, type DevMailSink } from '../mail/devMailSink';
import { adoptDemoCases, seedDemoCases, seedReferenceData } from '../prisma/seed';

const children: { name: string; proc: ChildProcess }[] = [];
let sink: DevMailSink | undefined;
let stopping = false;

const bold = (s: string) => `\x1b[1m${s}\x1b[0m`;
const say = (s: string) => console.log(bold(`==> ${s}`));

function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) throw new Error('stopping');
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
}

/** Our processes log JSON lines (pino); show them readably, prefixed with the process's name. */
function relay(name: string, stream: NodeJS.ReadableStream | null) {
  if (!stream) return;
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      let text = line;
      try {
        const { level, msg, time: _t, pid: _p, hostname: _h, name: _n, ...rest } = JSON.parse(line) as Record<string, unknown>;
        const label = ({ 10: 'trace', 20: 'debug', 30: 'info', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' } as Record<string, string>)[String(level)] ?? String(level ?? '');
        const extra = Object.entries(rest)
          .filter(([, v]) => v !== undefined && typeof v !== 'object')
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(' ');
        text = `${label} ${String(msg ?? '')}${extra ? ` ${extra}` : ''}${rest.err ? ` ${JSON.stringify(rest.err)}` : ''}`;
      } catch {
        // not JSON: show as is
      }
      console.log(`[${name}] ${text}`);
    }
  });
}

function launch(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const proc = spawn(command, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  relay(name, proc.stdout);
  relay(name, proc.stderr);
  proc.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(bold(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping everything.`));
    void shutdown(1);
  });
  children.push({ name, proc });
  return proc;
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  console.log(bold('\nStopping...'));
  // Web and worker first, Temporal last, so the worker can hand back what it holds.
  const stop = ({ proc }: { proc: ChildProcess }) =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      const force = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      proc.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  await Promise.all(children.filter((c) => c.name !== 'temporal').map(stop));
  await Promise.all(children.filter((c) => c.name === 'temporal').map(stop));
  await sink?.close();
  process.exit(code);
}

async function startTemporal(config: AppConfig) {
  const [host, port] = config.temporal.address.split(':') as [string, string];
  if (await portInUse(Number(port))) {
    throw new Error(
      `Port ${port} is already in use, so Temporal's dev server cannot start. Is the app already running (stop it with Ctrl-C), or set TEMPORAL_ADDRESS to use a Temporal server that is already running.`,
    );
  }
  if (await portInUse(config.temporal.uiPort)) {
    throw new Error(`Port ${config.temporal.uiPort} for Temporal's Web UI (set TEMPORAL_UI_PORT) is already in use. Is the app already running?`);
  }
  say(`Starting Temporal's dev server (state in ${path.relative(projectRoot, config.dataDir)}/temporal.db)`);
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    path.join(config.dataDir, 'temporal.db'),
    '--ip',
    host === 'localhost' ? '127.0.0.1' : host,
    '--port',
    port,
    '--ui-port',
    String(config.temporal.uiPort),
    '--log-level',
    'error',
  ];
  if (config.temporal.namespace !== 'default') args.push('--namespace', config.temporal.namespace);
  launch('temporal', path.join(projectRoot, '.venv/bin/temporal'), args);
  await waitFor("Temporal's dev server", () => portInUse(Number(port)));
}

async function main() {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  fs.mkdirSync(config.dataDir, { recursive: true });

  for (const [port, what] of [
    [config.port, 'the portal (set PORT)'],
    [config.inboundSmtpPort, 'the inbound SMTP listener (set INBOUND_SMTP_PORT)'],
    ...(config.usesDevMailSink ? [[config.devMailSinkPort, 'the dev mail sink (set DEV_MAIL_SINK_PORT)'] as const] : []),
  ] as const) {
    if (await portInUse(port)) throw new Error(`Port ${port} for ${what} is already in use. Is the app already running?`);
  }

  if (config.temporal.embedded) await startTemporal(config);

  say('Applying database migrations');
  const applied = await migrate(config.databaseUrl);
  console.log(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');

  const { connection: options, namespace } = temporalConnection(config);
  const connection = await Connection.connect(options);
  const client = new Client({ connection, namespace });
  await ensureSearchAttributes(client, namespace);

  if (config.dev) {
    say('Loading demo data (existing rows are kept)');
    const db = createPrisma(config.databaseUrl);
    await seedReferenceData(db);
    await seedDemoCases(db);
    await db.$disconnect();
  }

  if (config.usesDevMailSink) {
    sink = await startDevMailSink({ dir: config.mailboxDir, port: config.devMailSinkPort });
  }

  // tsx as a loader in one node process, not the tsx command: the command relays a stop signal to
  // its child and kills it outright (SIGKILL) if the child has not answered within 30 ms, which a
  // busy machine easily misses, and a process killed that way cannot stop cleanly.
  say('Starting the worker, the portal and the inbound mail listener');
  launch('worker', process.execPath, ['--import', 'tsx', 'worker/index.ts']);
  launch('web', process.execPath, [...WEB_NODE_FLAGS, '--import', 'tsx', 'web/index.ts']);
  launch('inbound', process.execPath, ['--import', 'tsx', 'mail/inbound/main.ts']);

  if (config.dev) {
    const started = await adoptDemoCases(client, config.temporal.taskQueue, config.caseSettings);
    if (started) console.log(`started workflows for ${started} demo cases`);
  }
  await waitFor('the portal', () => portInUse(config.port, config.host), 60_000);
  await connection.close();

  console.log(`
${bold('The Attendance Service case hub is running.')}
  Portal:          ${config.publicUrl}${config.dev ? '  (sign in as any demo person)' : ''}
  Temporal Web UI: ${config.temporal.uiUrl}${config.temporal.embedded ? '' : ' (your cluster)'}
  ${config.dev ? `Dev mailbox:     ${config.publicUrl}/dev/mailbox` : ''}
  Health:          ${config.publicUrl}/healthz
  Inbound SMTP:    ${config.inboundSmtpHost}:${config.inboundSmtpPort} (replies to notifications)
Press Ctrl-C to stop everything.
`);
}

main().catch((err: Error) => {
  console.error(bold(err.message === 'stopping' ? 'Stopped.' : `Could not start: ${err.message}`));
  void shutdown(1);
});
