// The inbound SMTP listener's own rate limit (INBOUND_RATE_LIMIT, as for POST /inbound/email): a
// sending address that opens too many connections in the window is told to come back later (421),
// while the window's first connections are greeted as usual. Real SMTP over loopback.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { connectionCounter, startInboundSmtp } from '../../mail/inbound/smtpListener';
import type { InboundDeps } from '../../mail/inbound/receive';

/** Connects and returns the server's first line (its greeting, or its refusal). */
function greeting(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setEncoding('utf8');
    socket.once('data', (line: string) => {
      socket.end('QUIT\r\n');
      resolve(line.trim());
    });
    socket.once('error', reject);
  });
}

test('an address over the connection limit is told to try again later (421); others are not', async (t) => {
  const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casehub-inbound-'));
  // Only the greeting is exercised here: no message is sent, so nothing of these is ever used.
  const deps = { mailDomain: 'attendance.example' } as InboundDeps;
  const smtp = await startInboundSmtp(deps, { port: 0, spoolDir, maxBytes: 1024 * 1024, connections: { limit: 2, windowMs: 60_000 } });
  t.teardown(() => smtp.close());
  t.regex(await greeting(smtp.port), /^220 /);
  t.regex(await greeting(smtp.port), /^220 /);
  t.regex(await greeting(smtp.port), /^421 4\.7\.0 Too many connections/);
});

test('the connection window starts again once it has passed, per address', (t) => {
  let now = 0;
  const allowed = connectionCounter({ limit: 2, windowMs: 1000 }, () => now);
  t.deepEqual([allowed('a'), allowed('a'), allowed('a'), allowed('b')], [true, true, false, true]);
  now = 1000;
  t.true(allowed('a'));
});
