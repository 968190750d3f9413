// What activities need from the outside world, passed in once by the worker (and by tests).
import type { Logger } from 'pino';
import type { Db } from '../db/prisma';
import type { Mailer } from '../mail/mailer';
import type { ReplyTokens } from '../mail/replyTokens';

export interface ActivityDeps {
  db: Db;
  mailer: Mailer;
  log: Logger;
  publicUrl: string;
  mailDomain: string;
  replyTokens: ReplyTokens;
}
