// Applies the SQL migrations that Prisma generated, on SQLite and PostgreSQL alike, recording each in
// a ledger table. Prisma's own `migrate deploy` cannot run against PostgreSQL through a driver
// adapter (DESIGN.md §5), so one small runner serves both; it is safe to run from several processes
// at once (a lock) and again and again (the ledger).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config';
import { dialectOf, sqliteFile, type Dialect } from './databaseUrl';

export const migrationsDir = (dialect: Dialect) =>
  path.join(projectRoot, 'prisma', dialect === 'postgres' ? 'postgresql/migrations' : 'migrations');

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dialect: Dialect): Migration[] {
  const dir = migrationsDir(dialect);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

const LEDGER = `CREATE TABLE IF NOT EXISTS "_app_migrations" (
  "name" TEXT PRIMARY KEY,
  "checksum" TEXT NOT NULL,
  "appliedAt" TEXT NOT NULL
)`;

function checkApplied(applied: Map<string, string>, all: Migration[]) {
  for (const m of all) {
    const sum = applied.get(m.name);
    if (sum !== undefined && sum !== m.checksum) {
      throw new MigrationError(
        `Migration ${m.name} was changed after it was applied to this database. Restore it and add a new migration instead.`,
      );
    }
  }
  const known = new Set(all.map((m) => m.name));
  for (const name of applied.keys()) {
    if (!known.has(name)) {
      throw new MigrationError(`This database has migration ${name}, which this version of the code does not know. Is the code older than the database?`);
    }
  }
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const dialect = dialectOf(databaseUrl);
  const all = listMigrations(dialect);
  return dialect === 'postgres' ? migratePostgres(databaseUrl, all) : migrateSqlite(sqliteFile(databaseUrl), all);
}

function migrateSqlite(file: string, all: Migration[]): string[] {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  const db = new Database(file, { timeout: 30_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.exec(LEDGER);
    const done: string[] = [];
    // IMMEDIATE takes the write lock first, so two processes starting together apply each migration once.
    db.exec('BEGIN IMMEDIATE');
    try {
      const applied = new Map(
        (db.prepare('SELECT "name", "checksum" FROM "_app_migrations"').all() as { name: string; checksum: string }[]).map(
          (r) => [r.name, r.checksum],
        ),
      );
      checkApplied(applied, all);
      const insert = db.prepare('INSERT INTO "_app_migrations" ("name", "checksum", "appliedAt") VALUES (?, ?, ?)');
      for (const m of all) {
        if (applied.has(m.name)) continue;
        db.exec(m.sql);
        insert.run(m.name, m.checksum, new Date().toISOString());
        done.push(m.name);
      }
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
    return done;
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, all: Migration[]): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as typeof import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // A fixed advisory lock key: one migrator at a time across every process of the deployment.
    await client.query('SELECT pg_advisory_lock(842317)');
    await client.query(LEDGER);
    const { rows } = await client.query<{ name: string; checksum: string }>('SELECT "name", "checksum" FROM "_app_migrations"');
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    checkApplied(applied, all);
    const done: string[] = [];
    for (const m of all) {
      if (applied.has(m.name)) continue;
      // PostgreSQL runs DDL in transactions: a failed migration leaves nothing half-applied.
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO "_app_migrations" ("name", "checksum", "appliedAt") VALUES ($1, $2, $3)', [
          m.name,
          m.checksum,
          new Date().toISOString(),
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new MigrationError(`Migration ${m.name} failed: ${(err as Error).message}`);
      }
      done.push(m.name);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock(842317)').catch(() => undefined);
    await client.end();
  }
}
