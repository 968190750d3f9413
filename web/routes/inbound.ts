// POST /inbound/email: replies handed over by a mail provider rather than our SMTP listener, as
// raw MIME, protected by a shared secret (INBOUND_SECRET) instead of a session. Also the SendGrid
// Inbound Parse webhook ("POST the raw, full MIME message"). The body is spooled to disk.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import Busboy from 'busboy';
import type { WebDeps } from '../deps';
import { receiveEmail, type InboundDeps } from '../../mail/inbound/receive';
import { createFileStore } from '../../files/fileStore';
import { replyTokensFor } from '../../mail/replyTokens';
import { noLimit } from '../rateLimits';

export function inboundRoutes(deps: WebDeps, rateLimit: RequestHandler = noLimit) {
  const router = Router();
  const { config } = deps;
  const spool = path.join(config.dataDir, 'inbound');
  const inbound: InboundDeps = {
    db: deps.db,
    temporal: deps.temporal,
    mailer: deps.mailer,
    store: createFileStore(config.filesDir),
    tokens: replyTokensFor(config),
    log: deps.log,
    mailDomain: config.mailDomain,
    publicUrl: config.publicUrl,
  };

  /** The shared secret, as a bearer token, a Basic password, or `?key=` (for webhooks that only take a URL). */
  function authorised(req: Request): boolean {
    const header = req.get('authorization') ?? '';
    const given =
      header.startsWith('Bearer ')
        ? header.slice(7)
        : header.startsWith('Basic ')
          ? Buffer.from(header.slice(6), 'base64').toString().split(':').slice(1).join(':')
          : typeof req.query.key === 'string'
            ? req.query.key
            : '';
    const a = crypto.createHash('sha256').update(given).digest();
    const b = crypto.createHash('sha256').update(config.inboundSecret).digest();
    return given.length > 0 && crypto.timingSafeEqual(a, b);
  }

  const spoolFile = () => {
    fs.mkdirSync(spool, { recursive: true });
    return path.join(spool, `${Date.now()}-${crypto.randomBytes(6).toString('hex')}.eml`);
  };

  /** A stream that fails once more than the limit has passed through it. */
  const limit = (max: number) => {
    let seen = 0;
    return new Transform({
      transform(chunk: Buffer, _e, done) {
        seen += chunk.length;
        done(seen > max ? Object.assign(new Error('too large'), { tooLarge: true }) : null, chunk);
      },
    });
  };

  async function handle(res: Response, file: string, envelope: { to?: string[]; from?: string }) {
    try {
      const outcome = await receiveEmail(inbound, file, envelope);
      res.status(outcome.status === 'accepted' ? 201 : 200).json(outcome);
    } finally {
      await fs.promises.rm(file, { force: true });
    }
  }

  const refuse = (res: Response, status: number, error: string) => res.status(status).json({ status: 'error', error });

  router.post('/inbound/email', rateLimit, async (req, res) => {
    if (!authorised(req)) return refuse(res, 401, 'The shared secret is missing or wrong.');
    const file = spoolFile();
    try {
      await pipeline(req, limit(config.inboundMaxBytes), fs.createWriteStream(file, { mode: 0o600 }));
    } catch (err) {
      await fs.promises.rm(file, { force: true });
      if ((err as { tooLarge?: boolean }).tooLarge) return refuse(res, 413, `The message is larger than ${Math.round(config.inboundMaxBytes / 1024 / 1024)} MB.`);
      throw err;
    }
    await handle(res, file, { to: typeof req.query.to === 'string' ? [req.query.to] : undefined });
  });

  router.post('/inbound/email/sendgrid', rateLimit, async (req, res) => {
    if (!authorised(req)) return refuse(res, 401, 'The shared secret is missing or wrong.');
    if (!req.is('multipart/form-data')) return refuse(res, 400, 'Expected SendGrid Inbound Parse’s multipart form (raw mode).');
    const file = spoolFile();
    let envelope: { to?: string[]; from?: string } = {};
    let gotEmail = false;
    let tooLarge = false;
    await new Promise<void>((resolve, reject) => {
      const busboy = Busboy({ headers: req.headers, limits: { fieldSize: config.inboundMaxBytes, fields: 30, files: 0 } });
      busboy.on('field', (name, value, info) => {
        if (info.valueTruncated) tooLarge = true;
        else if (name === 'email') {
          fs.writeFileSync(file, value, { mode: 0o600 });
          gotEmail = true;
        } else if (name === 'envelope') {
          try {
            envelope = JSON.parse(value) as typeof envelope;
          } catch {
            envelope = {};
          }
        }
      });
      busboy.on('close', resolve);
      busboy.on('error', reject);
      req.pipe(busboy);
    });
    if (tooLarge) {
      await fs.promises.rm(file, { force: true });
      return refuse(res, 413, 'The message is too large.');
    }
    if (!gotEmail) return refuse(res, 400, 'No "email" field: turn on “POST the raw, full MIME message” in Inbound Parse.');
    await handle(res, file, envelope);
  });

  return router;
}
