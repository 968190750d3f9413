// The inbound SMTP listener: where replies to notifications arrive. Addresses that are not a valid
// reply address of ours are refused at RCPT; the size limit is announced and enforced by the
// protocol (SIZE); each message is spooled to disk, handled, and removed.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { receiveEmail, type InboundDeps } from './receive';

export interface InboundSmtp {
  port: number;
  close(): Promise<void>;
}

export interface ConnectionLimit {
  limit: number;
  windowMs: number;
}

/**
 * Connections per sending address in a fixed window (INBOUND_RATE_LIMIT, as for the HTTP endpoint):
 * a sender over it is told to come back later (421), which real mail servers do.
 */
export function connectionCounter(o: ConnectionLimit, now: () => number = Date.now) {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return (address: string): boolean => {
    const t = now();
    let w = windows.get(address);
    if (!w || w.resetAt <= t) {
      // Forget finished windows now and then so that the map stays small.
      if (windows.size >= 10_000) for (const [k, v] of windows) if (v.resetAt <= t) windows.delete(k);
      w = { count: 0, resetAt: t + o.windowMs };
      windows.set(address, w);
    }
    w.count++;
    return w.count <= o.limit;
  };
}

export async function startInboundSmtp(
  deps: InboundDeps,
  o: { port: number; host?: string; spoolDir: string; maxBytes: number; connections?: ConnectionLimit },
): Promise<InboundSmtp> {
  fs.mkdirSync(o.spoolDir, { recursive: true });
  const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });
  const allowed = connectionCounter(o.connections ?? { limit: 120, windowMs: 60_000 });
  const options: SMTPServerOptions = {
    // At most this many conversations at once, whoever they come from.
    maxClients: 50,
    onConnect(session, callback) {
      if (!allowed(session.remoteAddress)) return callback(smtpError(421, '4.7.0 Too many connections from your address, try again later'));
      callback();
    },
    name: deps.mailDomain,
    banner: 'Attendance Service replies',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: o.maxBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      const verdict = deps.tokens.verify(address.address);
      if (!verdict.ok && verdict.reason !== 'expired') return callback(smtpError(550, '5.1.1 No such mailbox here'));
      callback();
    },
    onData(stream, session, callback) {
      const file = path.join(o.spoolDir, `${Date.now()}-${crypto.randomBytes(6).toString('hex')}.eml`);
      const cleanUp = () => fs.promises.rm(file, { force: true });
      pipeline(stream, fs.createWriteStream(file, { mode: 0o600 }))
        .then(async () => {
          if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
            await cleanUp();
            return callback(smtpError(552, `5.3.4 Message too big: the limit is ${Math.round(o.maxBytes / 1024 / 1024)} MB`));
          }
          try {
            await receiveEmail(deps, file, {
              to: session.envelope.rcptTo.map((r) => r.address),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            });
            callback();
          } catch (err) {
            deps.log.error({ err }, 'inbound email could not be handled');
            // Temporary: the sending server keeps the message and tries again later.
            callback(smtpError(451, '4.3.0 Could not take the message just now, please retry'));
          } finally {
            await cleanUp();
          }
        })
        .catch(async (err: Error) => {
          await cleanUp();
          callback(err);
        });
    },
  };
  const server = new SMTPServer(options);
  server.on('error', (err) => deps.log.warn({ err }, 'inbound SMTP connection error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : o.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
