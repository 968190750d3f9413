// `npm run bench`: the speed targets of the developers' guide, measured on 10,000 cases, with the
// baseline measured in the same run, printed as a table. Not a test: numbers, not assertions.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import { projectRoot } from '../config';
import { buildDataset, SESSION_TOKENS } from './dataset';
import { measureWorkflowPaths } from './workflowMeasures';
import { WEB_NODE_FLAGS } from '../scripts/nodeFlags';

interface Row {
  measurement: string;
  p50?: number;
  p99?: number;
  rps?: number;
  baseline?: string;
  target: string;
  ok: boolean;
}

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function load(o: { port: number; paths: string[]; connections: number; cookie?: string; seconds?: number }): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${o.port}`,
        connections: o.connections,
        duration: o.seconds ?? DURATION,
        headers: o.cookie ? { cookie: o.cookie } : {},
        requests: o.paths.map((p) => ({ method: 'GET', path: p })),
      },
      (err, result) => {
        if (err) return reject(err);
        if (result.non2xx > 0 || result.errors > 0) return reject(new Error(`${o.paths[0]}: ${result.non2xx} non-2xx, ${result.errors} errors`));
        resolve(result);
      },
    );
  });
}

async function main() {
  console.log('Building a database with 10,000 cases...');
  const data = await buildDataset(10_000);
  const appPort = await freePort();
  const barePort = await freePort();
  const server = fork(path.join(__dirname, 'server.ts'), [], {
    cwd: projectRoot,
    execArgv: ['--import', 'tsx', ...WEB_NODE_FLAGS],
    env: {
      ...process.env,
      APP_MODE: 'dev',
      DATA_DIR: data.dir,
      DATABASE_URL: data.url,
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-00',
      LOG_LEVEL: 'silent',
      BENCH_APP_PORT: String(appPort),
      BENCH_BARE_PORT: String(barePort),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve) => server.once('message', () => resolve()));
  const susan = `sid=${SESSION_TOKENS.susan}`;
  const wiremu = `sid=${SESSION_TOKENS.wiremu}`;
  const casePages = data.sampleReferences.map((r) => `/cases/${r}`);
  const rows: Row[] = [];
  const pages = [
    { name: `Case list, Attendance Lead (${data.scopes.susan} active cases in scope)`, paths: ['/cases?view=active'], cookie: susan },
    { name: `Case list, Workflow Lead (${data.scopes.wiremu} active cases in scope)`, paths: ['/cases?view=active'], cookie: wiremu },
    { name: 'Case page (header, timeline), Attendance Lead', paths: casePages, cookie: susan },
    { name: 'Home page, Attendance Lead (drafts, active, closed)', paths: ['/'], cookie: susan },
    { name: 'Home page, Workflow Lead (queue, active)', paths: ['/'], cookie: wiremu },
  ];

  try {
    console.log('Warming up...');
    for (const p of pages) await load({ port: appPort, paths: p.paths, connections: 10, cookie: p.cookie, seconds: 2 });
    await load({ port: barePort, paths: ['/bare'], connections: 10, seconds: 2 });

    console.log(`Measuring (${DURATION} s each)...`);
    for (const p of pages) {
      const r = await load({ port: appPort, paths: p.paths, connections: 10, cookie: p.cookie });
      rows.push({ measurement: `${p.name}, 10 users`, p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, target: 'p99 < 30 ms', ok: r.latency.p99 < 30 });
    }
    const bare = await load({ port: barePort, paths: ['/bare'], connections: 50 });
    rows.push({ measurement: 'Bare Express route, same layout, 50 connections (baseline)', p50: bare.latency.p50, p99: bare.latency.p99, rps: bare.requests.average, target: '', ok: true });
    for (const p of pages.slice(0, 3)) {
      const r = await load({ port: appPort, paths: p.paths, connections: 50, cookie: p.cookie });
      const ratio = r.requests.average / bare.requests.average;
      rows.push({
        measurement: `${p.name}, 50 connections`,
        p50: r.latency.p50,
        p99: r.latency.p99,
        rps: r.requests.average,
        baseline: `${(ratio * 100).toFixed(0)}% of bare`,
        target: '≥ 33% of bare',
        ok: ratio >= 1 / 3,
      });
    }
  } finally {
    server.kill();
  }

  console.log('Measuring the workflow paths on the real Temporal dev server...');
  const w = await measureWorkflowPaths(20);
  rows.push({
    measurement: 'Submit → case allocated (HTTP submit to redirect, 20 requests)',
    p50: w.allocation.p50,
    p99: w.allocation.max,
    baseline: '',
    target: '< 300 ms',
    ok: w.allocation.max < 300,
  });
  rows.push({
    measurement: 'Comment round trip through its workflow (update with its write)',
    p50: w.roundTrip.comment,
    baseline: `no-op update ${w.roundTrip.noop.toFixed(1)} ms (×${(w.roundTrip.comment / w.roundTrip.noop).toFixed(2)})`,
    target: '≤ 2 × no-op',
    ok: w.roundTrip.comment <= 2 * w.roundTrip.noop,
  });
  rows.push({
    measurement: `Memory while a 20 MB file uploads: ${w.upload.largeMb.toFixed(1)} MB more than at rest`,
    baseline: `1 MB file: ${w.upload.smallMb.toFixed(1)} MB`,
    target: 'well under 20 MB',
    ok: w.upload.largeMb < 10,
  });

  fs.rmSync(data.dir, { recursive: true, force: true });
  print(rows);
}

function print(rows: Row[]) {
  const header = ['Measurement', 'p50 ms', 'p99 ms', 'req/s', 'Compared with', 'Target', 'Met'];
  const body = rows.map((r) => [
    r.measurement,
    r.p50 === undefined ? '' : r.p50.toFixed(1),
    r.p99 === undefined ? '' : r.p99.toFixed(1),
    r.rps === undefined ? '' : r.rps.toFixed(0),
    r.baseline ?? '',
    r.target,
    r.target ? (r.ok ? 'yes' : 'NO') : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${body.map(line).join('\n')}\n`);
  console.log('For "Submit → case allocated" the p99 column shows the slowest of the 20; latencies in ms.');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
