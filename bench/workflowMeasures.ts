// Measures that need the whole system on Temporal's real dev server: how long a school user waits
// between Submit and the allocated case; a comment's round trip through its workflow against a
// no-op update on the same workflow (the baseline, in the same run); and how much memory a 20 MB
// upload takes while it streams through the portal to the file store.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startTemporal, bundleWorkflows } from '../test/helpers/temporal';
import { startStack, type Stack } from '../test/helpers/stack';
import { Browser, people } from '../test/helpers/web';
import { saveCompleteRequest } from '../test/helpers/requests';
import { caseWorkflowId } from '../temporal.config';
import { addCommentUpdate, awaitAllocationUpdate } from '../workflows/messages';

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function measureAllocation(stack: Stack, susan: Browser, n: number) {
  const times: number[] = [];
  const references: string[] = [];
  for (let i = 0; i < n + 3; i++) {
    const number = await saveCompleteRequest(stack, { studentId: 'st-noah' });
    await susan.get(`/requests/${number}/review`);
    const started = performance.now();
    const res = await susan.post(`/requests/${number}/submit`);
    const took = performance.now() - started;
    if (res.status !== 303) throw new Error(`submit failed: ${res.status}`);
    references.push(/\/cases\/(\d{8})/.exec(res.headers.location ?? '')![1]!);
    if (i >= 3) times.push(took); // the first few warm up the worker's caches
  }
  return { p50: percentile(times, 50), max: Math.max(...times), samples: times, references };
}

async function measureCommentRoundTrip(stack: Stack, reference: string, n: number) {
  const h = stack.client.workflow.getHandle(caseWorkflowId(reference));
  const noop: number[] = [];
  const comment: number[] = [];
  for (let i = 0; i < n + 3; i++) {
    let started = performance.now();
    await h.executeUpdate(awaitAllocationUpdate);
    if (i >= 3) noop.push(performance.now() - started);
    started = performance.now();
    await h.executeUpdate(addCommentUpdate, { args: [{ by: { id: 'susan.wildes', name: 'Susan Wildes', side: 'SCHOOL' }, body: `Round trip ${i}`, shared: false }] });
    if (i >= 3) comment.push(performance.now() - started);
  }
  return { noop: percentile(noop, 50), comment: percentile(comment, 50) };
}

/** Streams a multipart upload from a file on disk, so the client side holds no more than a chunk. */
function streamUpload(baseUrl: string, reference: string, cookie: string, token: string, file: string, name: string): Promise<number> {
  const boundary = `----bench${crypto.randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + fs.statSync(file).size + tail.length;
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}/cases/${reference}/files`, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': length, Cookie: cookie },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.write(head);
    const body = fs.createReadStream(file);
    body.on('end', () => req.end(tail));
    body.pipe(req, { end: false });
  });
}

async function measureUploadMemory(stack: Stack) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casehub-upload-'));
  const make = (mb: number) => {
    const file = path.join(dir, `scan-${mb}mb.pdf`);
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, '%PDF-1.4\n');
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    for (let i = 0; i < mb; i++) fs.writeSync(fd, i === mb - 1 ? chunk.subarray(0, chunk.length - 64) : chunk);
    fs.closeSync(fd);
    return file;
  };
  // A session of Susan's own for the raw requests (the same row sign-in makes).
  const sid = crypto.randomBytes(32).toString('base64url');
  const now = new Date();
  await stack.database.sql.run('INSERT INTO "Session" ("id", "userId", "createdAt", "lastSeenAt", "expiresAt") VALUES (?, ?, ?, ?, ?)', [
    crypto.createHash('sha256').update(sid).digest('base64url'),
    'susan.wildes',
    stack.database.sql.time(now),
    stack.database.sql.time(now),
    stack.database.sql.time(new Date(now.getTime() + 3_600_000)),
  ]);
  const cookie = `sid=${sid}`;
  const page = await (await fetch(`${stack.baseUrl}/cases/00098601/files/new`, { headers: { cookie } })).text();
  const token = /name="_csrf" value="([^"]*)"/.exec(page)?.[1] ?? '';
  // Live memory only: a collection before each sample, so chunks already written and dropped do
  // not count (needs node --expose-gc, which `npm run bench` passes).
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');
  const live = () => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const peakDuring = async (file: string) => {
    const base = live();
    let peak = 0;
    const timer = setInterval(() => {
      peak = Math.max(peak, live() - base);
    }, 20);
    const status = await streamUpload(stack.baseUrl!, '00098601', cookie, token, file, path.basename(file));
    clearInterval(timer);
    if (status !== 303) throw new Error(`upload failed: ${status}`);
    return peak;
  };
  const small = await peakDuring(make(1));
  const large = await peakDuring(make(20));
  fs.rmSync(dir, { recursive: true, force: true });
  return { smallMb: small / 1024 / 1024, largeMb: large / 1024 / 1024 };
}

/**
 * Adopting the demo cases starts their workflows, and the service levels they have already missed
 * fire at once (reminders, escalations, their emails). That one-off catch-up is not what a school
 * user meets on a running system, so measuring starts once the timeline and the outbound log have
 * stopped growing for two seconds.
 */
async function settle(stack: Stack) {
  const db = stack.database.db;
  const size = async () => `${await db.timelineEvent.count()}/${await db.emailMessage.count()}`;
  let last = await size();
  let quietSince = Date.now();
  const deadline = Date.now() + 60_000;
  while (Date.now() - quietSince < 2_000 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await size();
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    }
  }
}

export async function measureWorkflowPaths(n: number) {
  const env = await startTemporal();
  const bundle = await bundleWorkflows();
  const stack = await startStack({ env, bundle, adopt: true, listen: true });
  try {
    const susan = new Browser(stack.baseUrl!);
    await susan.signIn(people.susan);
    await settle(stack);
    const allocation = await measureAllocation(stack, susan, n);
    const roundTrip = await measureCommentRoundTrip(stack, allocation.references[0]!, n);
    const upload = await measureUploadMemory(stack);
    return { allocation, roundTrip, upload };
  } finally {
    await stack.close();
    await env.teardown();
  }
}
