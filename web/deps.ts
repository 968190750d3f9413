// What the web app needs, built once by web/index.ts (or by a test).
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../config';
import type { Db } from '../db/prisma';
import type { Sql } from '../db/sql';
import type { Logger } from '../logger';
import type { Mailer } from '../mail/mailer';

export interface WebDeps {
  config: AppConfig;
  sql: Sql;
  db: Db;
  temporal: Client;
  log: Logger;
  /** For answers the portal itself sends (to refused email replies). */
  mailer: Mailer;
}
