// The README's start command, for real: Temporal's dev server with its Web UI, migrations and demo
// data, the dev mail sink, the worker and the portal, on ports of their own and a data folder of
// its own. Ctrl-C stops everything; starting again keeps the data; a bad value stops the start.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { projectRoot } from '../config';
import { Browser, people } from './helpers/web';

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const c = net.connect({ port, host: '127.0.0.1' });
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });

// Ports for the started processes come from outside the kernel's ephemeral range. A port the OS hands
// out for listen(0) is free only until someone else asks: the other test files running alongside
// start Temporal servers on random ports and open outgoing connections, and one of them took the
// Web UI's port before Temporal bound it (CI, 2026-12-04). Nothing else in the suite picks ports
// outside that range, so a port that is free here stays free.
function portsOutsideEphemeralRange(): [number, number] {
  try {
    const [low, high] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number) as [number, number];
    if (low > 11_000) return [10_000, low - 1];
    if (high < 64_000) return [high + 1, 65_535];
  } catch {
    // Not Linux: the usual IANA ephemeral range starts at 49152.
  }
  return [20_000, 32_767];
}

const taken = new Set<number>();
async function freePort(): Promise<number> {
  const [low, high] = portsOutsideEphemeralRange();
  for (;;) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (taken.has(port) || (await listening(port))) continue;
    const free = await new Promise<boolean>((resolve) => {
      const s = net.createServer().once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
}

function start(env: Record<string, string>): { proc: ChildProcess; output: () => string; ready: Promise<void>; exited: Promise<number | null> } {
  // As scripts/start.sh runs it: node with tsx as a loader.
  const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: projectRoot,
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += String(d)));
  proc.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('is running')) {
        clearInterval(timer);
        resolve();
      }
    }, 200);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`start exited with ${code}:\n${out}`));
    });
    setTimeout(() => {
      clearInterval(timer);
      reject(new Error(`start did not finish within 120 s:\n${out}`));
    }, 120_000).unref();
  });
  return { proc, output: () => out, ready, exited };
}

test.serial('the start command runs everything, stops on Ctrl-C, and keeps the data when started again', async (t) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casehub-start-'));
  const ports = { PORT: await freePort(), TEMPORAL_DEV_PORT: await freePort(), TEMPORAL_UI_PORT: await freePort(), DEV_MAIL_SINK_PORT: await freePort(), INBOUND_SMTP_PORT: await freePort() };
  const env = { DATA_DIR: dataDir, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };
  delete (process.env as Record<string, string | undefined>).TEMPORAL_ADDRESS;
  const portal = `http://127.0.0.1:${ports.PORT}`;

  const first = start(env);
  t.teardown(() => first.proc.kill('SIGKILL'));
  await first.ready;
  t.true(first.output().includes(`Temporal Web UI: http://localhost:${ports.TEMPORAL_UI_PORT}`));
  t.true(first.output().includes('/dev/mailbox'));

  const health = await fetch(`${portal}/healthz`);
  t.is(health.status, 200);
  t.deepEqual((await health.json() as { status: string }).status, 'ok');
  t.true(fs.existsSync(path.join(dataDir, 'temporal.db')));
  t.true(fs.existsSync(path.join(dataDir, 'app.db')));

  // The demo cases' workflows are in Temporal's Web UI, found by CaseReference.
  let found = '';
  for (let i = 0; i < 60 && !found.includes('case-00098601'); i++) {
    const ui = await fetch(`http://127.0.0.1:${ports.TEMPORAL_UI_PORT}/api/v1/namespaces/default/workflows?query=${encodeURIComponent("CaseReference='00098601'")}`);
    found = await ui.text();
    if (!found.includes('case-00098601')) await new Promise((r) => setTimeout(r, 500));
  }
  t.true(found.includes('case-00098601'), 'case-00098601 is listed by the Web UI');

  t.is((await fetch(`${portal}/dev/mailbox`)).status, 200);
  const login = await (await fetch(`${portal}/login`)).text();
  t.true(login.includes('Sign in as Susan Wildes'));

  // Leave something behind: a draft request.
  const susan = new Browser(portal);
  await susan.signIn(people.susan);
  await susan.get('/services/chronic-absence');
  t.is((await susan.post('/requests')).status, 303);

  first.proc.kill('SIGINT');
  t.is(await first.exited, 0);
  for (const port of Object.values(ports)) t.false(await listening(port), `port ${port} is closed after Ctrl-C`);

  const second = start(env);
  t.teardown(() => second.proc.kill('SIGKILL'));
  await second.ready;
  t.true(second.output().includes('database is up to date'));
  const again = new Browser(portal);
  await again.signIn(people.susan);
  t.true((await again.get('/')).text.includes('Draft requests (2)'), 'the draft made before the restart is still there');
  second.proc.kill('SIGINT');
  t.is(await second.exited, 0);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test.serial('a bad configuration value stops the start with a message naming it', async (t) => {
  const run = start({ PORT: 'eighty', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'casehub-bad-')) });
  await t.throwsAsync(run.ready);
  t.is(await run.exited, 1);
  t.regex(run.output(), /PORT="eighty": must be a port number/);
});
