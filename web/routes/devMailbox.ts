// GET /dev/mailbox: every email the dev sink caught, newest first; each one as raw MIME too.
// Mounted only in dev mode.
import { Router } from 'express';
import type { WebDeps } from '../deps';
import { listMailbox, readMailboxMessage } from '../../mail/devMailbox';
import { render } from '../views';
import { HttpError } from '../errors';
import { param } from './guards';

export function devMailboxRoutes(deps: WebDeps) {
  const router = Router();
  router.get('/dev/mailbox', async (_req, res) => {
    const messages = await listMailbox(deps.config.mailboxDir);
    render(res, 'devMailbox', { title: 'Dev mailbox', messages, usesSink: deps.config.usesDevMailSink });
  });
  router.get('/dev/mailbox/:file', async (req, res) => {
    const file = param(req, 'file');
    const id = file.replace(/\.eml$/, '');
    const raw = await readMailboxMessage(deps.config.mailboxDir, id);
    if (!raw) throw new HttpError(404, 'not-found');
    res.type(file.endsWith('.eml') ? 'message/rfc822' : 'text/plain; charset=utf-8').send(raw);
  });
  return router;
}
