// The Prisma client for writes (activities, drafts, seed): the generated client for the database
// that DATABASE_URL names, over its driver adapter. Both generated clients share one schema, so
// the SQLite client's types describe either.
import fs from 'node:fs';
import path from 'node:path';
import type { PrismaClient } from '../generated/sqlite';
import { dialectOf, sqliteFile } from './databaseUrl';

export type { PrismaClient };
export type Db = PrismaClient;

export function createPrisma(databaseUrl: string): PrismaClient {
  if (dialectOf(databaseUrl) === 'postgres') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PrismaClient: PgClient } = require('../generated/postgresql') as { PrismaClient: new (o: object) => unknown };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PrismaPg } = require('@prisma/adapter-pg') as typeof import('@prisma/adapter-pg');
    return new PgClient({ adapter: new PrismaPg({ connectionString: databaseUrl }), errorFormat: 'minimal' }) as PrismaClient;
  }
  const file = sqliteFile(databaseUrl);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PrismaClient: SqliteClient } = require('../generated/sqlite') as typeof import('../generated/sqlite');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PrismaBetterSQLite3 } = require('@prisma/adapter-better-sqlite3') as typeof import('@prisma/adapter-better-sqlite3');
  // timeout: wait for the other process's write lock (web and worker share the file) instead of failing.
  // errorFormat minimal: the default quotes the generated client's source into every error message.
  return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: file, timeout: 10_000 }), errorFormat: 'minimal' });
}
