// The fast path to the database for the pages' reads (and the session row): plain SQL over the
// driver itself. Prisma's client adds ~0.5 ms per query here, more than a whole page may cost, so
// hot reads skip it (measured by `npm run bench`). SQL is written once with `?` placeholders and
// double-quoted identifiers, which both SQLite and PostgreSQL accept.
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Pool } from 'pg';
import { dialectOf, sqliteFile, type Dialect } from './databaseUrl';

export type Row = Record<string, unknown>;

export interface Sql {
  readonly dialect: Dialect;
  all<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: unknown[]): Promise<T | undefined>;
  run(sql: string, params?: unknown[]): Promise<number>;
  /** A DateTime parameter in the form the database stores it (compare and insert with it). */
  time(date: Date): unknown;
  close(): Promise<void>;
}

export function openSql(databaseUrl: string): Sql {
  return dialectOf(databaseUrl) === 'postgres' ? openPostgres(databaseUrl) : openSqlite(sqliteFile(databaseUrl));
}

function openSqlite(file: string): Sql {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as typeof BetterSqlite3;
  const db = new Database(file, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Never ANALYZE this database: this SQLite is built with STAT4, and with STAT4 statistics a
  // prepared statement is re-prepared on every new binding (a case page's join went from 50 to
  // 180 µs). The queries here are written to need no statistics.
  // Rows are read as arrays and turned into objects by a function made for each statement's
  // columns: better-sqlite3 builds row objects key by key, which cost twice as much (measured on a
  // case page's timeline: 92 µs against 40 µs).
  interface Prepared {
    statement: BetterSqlite3.Statement;
    toRow: ((values: unknown[]) => Row) | null;
  }
  const statements = new Map<string, Prepared>();
  const prepare = (sql: string): Prepared => {
    let p = statements.get(sql);
    if (!p) {
      const statement = db.prepare(sql);
      let toRow: Prepared['toRow'] = null;
      if (statement.reader) {
        statement.raw(true);
        const names = statement.columns().map((c) => c.name);
        // eslint-disable-next-line @typescript-eslint/no-implied-eval
        toRow = new Function('v', `return {${names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`).join(', ')}};`) as (values: unknown[]) => Row;
      }
      p = { statement, toRow };
      if (statements.size >= 2000) statements.clear();
      statements.set(sql, p);
    }
    return p;
  };
  const bind = (params: unknown[]) => params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
  return {
    dialect: 'sqlite',
    all: async <T>(sql: string, params: unknown[] = []) => {
      const p = prepare(sql);
      return (p.statement.all(...bind(params)) as unknown[][]).map(p.toRow!) as T[];
    },
    get: async <T>(sql: string, params: unknown[] = []) => {
      const p = prepare(sql);
      const values = p.statement.get(...bind(params)) as unknown[] | undefined;
      return (values === undefined ? undefined : p.toRow!(values)) as T | undefined;
    },
    run: async (sql: string, params: unknown[] = []) => prepare(sql).statement.run(...bind(params)).changes,
    // The Prisma SQLite adapter stores DateTime as ISO 8601 text with "+00:00": compare in that form.
    time: (date: Date) => date.toISOString().replace('Z', '+00:00'),
    close: async () => {
      db.close();
    },
  };
}

function openPostgres(url: string): Sql {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as typeof import('pg');
  // Prisma writes timestamp(3) without time zone in UTC: read it back as UTC, not local time.
  pg.types.setTypeParser(1114, (v: string) => new Date(`${v.replace(' ', 'T')}Z`));
  const pool: Pool = new pg.Pool({ connectionString: url, max: 10 });
  const numbered = new Map<string, string>();
  const toPg = (sql: string) => {
    let out = numbered.get(sql);
    if (out === undefined) {
      let i = 0;
      out = sql.replace(/\?/g, () => `$${++i}`);
      numbered.set(sql, out);
    }
    return out;
  };
  return {
    dialect: 'postgres',
    all: async <T>(sql: string, params: unknown[] = []) => (await pool.query(toPg(sql), params)).rows as T[],
    get: async <T>(sql: string, params: unknown[] = []) => (await pool.query(toPg(sql), params)).rows[0] as T | undefined,
    run: async (sql: string, params: unknown[] = []) => (await pool.query(toPg(sql), params)).rowCount ?? 0,
    time: (date: Date) => date,
    close: () => pool.end(),
  };
}

/** DateTime columns come back as ISO text from SQLite and as Date from PostgreSQL. */
export function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

export function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

/** Booleans come back as 0/1 from SQLite. */
export const toBool = (value: unknown) => value === true || value === 1 || value === '1';

/** COUNT(*) comes back as a number from SQLite and as a string (bigint) from PostgreSQL. */
export const toCount = (value: unknown) => Number(value ?? 0);

/** `IN (?, ?, ?)` for a list; an empty list matches nothing. */
export function inList(values: readonly unknown[]): string {
  return values.length === 0 ? '(NULL)' : `(${values.map(() => '?').join(', ')})`;
}
