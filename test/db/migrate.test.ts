// The migration runner: the same generated SQL on SQLite and PostgreSQL, applied once, refused
// when history was edited; and the PostgreSQL schema kept in step with the SQLite one.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { listMigrations, migrate, MigrationError } from '../../db/migrate';
import { openSql } from '../../db/sql';
import { postgresTwin } from '../../scripts/prisma';
import { projectRoot } from '../../config';

const tempSqlite = () => `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'casehub-migrate-')), 'app.db')}`;

async function tempPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.TEST_POSTGRES_URL;
  if (!admin) throw new Error('TEST_POSTGRES_URL is not set: `npm test` starts PostgreSQL and sets it');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as typeof import('pg');
  const name = `migrate_${crypto.randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

test('SQLite: every migration is applied once; running again changes nothing', async (t) => {
  const url = tempSqlite();
  t.deepEqual(await migrate(url), listMigrations('sqlite').map((m) => m.name));
  t.deepEqual(await migrate(url), []);
  const sql = openSql(url);
  t.truthy(await sql.get('SELECT COUNT(*) AS "n" FROM "Case"'));
  await sql.close();
});

test('SQLite: two processes starting at once apply each migration once', async (t) => {
  const url = tempSqlite();
  const run = () =>
    new Promise<string[]>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', '-e', `require('./db/migrate').migrate(${JSON.stringify(url)}).then((r) => console.log(JSON.stringify(r)))`],
        { cwd: projectRoot },
        (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout) as string[])),
      );
    });
  const [a, b] = await Promise.all([run(), run()]);
  t.deepEqual([...a, ...b].sort(), listMigrations('sqlite').map((m) => m.name).sort());
});

test('SQLite: a migration edited after it was applied is refused, naming it', async (t) => {
  const url = tempSqlite();
  await migrate(url);
  const sql = openSql(url);
  const first = listMigrations('sqlite')[0]!;
  await sql.run('UPDATE "_app_migrations" SET "checksum" = ? WHERE "name" = ?', ['0000', first.name]);
  await sql.close();
  const err = await t.throwsAsync(migrate(url), { instanceOf: MigrationError });
  t.true(err!.message.includes(first.name));
});

test('PostgreSQL: the generated SQL applies once, then nothing; concurrent starts are safe', async (t) => {
  const db = await tempPostgres();
  try {
    const [a, b] = await Promise.all([migrate(db.url), migrate(db.url)]);
    t.is(a.length + b.length, listMigrations('postgres').length);
    t.deepEqual(await migrate(db.url), []);
    const sql = openSql(db.url);
    const row = await sql.get<{ n: unknown }>('SELECT COUNT(*) AS "n" FROM "_app_migrations"');
    t.is(Number(row?.n), listMigrations('postgres').length);
    await sql.close();
  } finally {
    await db.drop();
  }
});

test('the PostgreSQL schema is the SQLite schema with only the provider changed', (t) => {
  const source = fs.readFileSync(path.join(projectRoot, 'prisma/schema.prisma'), 'utf8');
  const twin = fs.readFileSync(path.join(projectRoot, 'prisma/postgresql/schema.prisma'), 'utf8');
  t.is(twin, postgresTwin(source), 'run `npx tsx scripts/prisma.ts generate` after editing prisma/schema.prisma');
  t.deepEqual(
    listMigrations('postgres').map((m) => m.name),
    listMigrations('sqlite').map((m) => m.name),
    'every schema change has a migration for both databases',
  );
});
