// A database of its own for each test (or test file): a fresh SQLite file in a temporary folder,
// migrated with the real migrations and loaded with the demo data. TEST_DATABASE=postgres runs the
// same on a throwaway PostgreSQL database (TEST_POSTGRES_URL names the server).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../../db/migrate';
import { createPrisma, type Db } from '../../db/prisma';
import { openSql, type Sql } from '../../db/sql';
import { seedDemoCases, seedReferenceData } from '../../prisma/seed';

export interface TestDatabase {
  url: string;
  db: Db;
  sql: Sql;
  dir: string;
  close(): Promise<void>;
}

async function postgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_POSTGRES_URL;
  if (!admin) throw new Error('TEST_POSTGRES_URL is not set');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as typeof import('pg');
  const name = `test_${crypto.randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function freshDatabase(options: { demo?: boolean; dialect?: 'sqlite' | 'postgres' } = {}): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casehub-test-'));
  const dialect = options.dialect ?? (process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite');
  const pg = dialect === 'postgres' ? await postgresDatabase() : null;
  const url = pg ? pg.url : `file:${path.join(dir, 'app.db')}`;
  await migrate(url);
  const db = createPrisma(url);
  await seedReferenceData(db);
  if (options.demo !== false) await seedDemoCases(db);
  const sql = openSql(url);
  return {
    url,
    db,
    sql,
    dir,
    close: async () => {
      await sql.close();
      await db.$disconnect();
      await pg?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
