// Schema tasks, offline: `generate` writes the PostgreSQL twin of prisma/schema.prisma and
// generates both clients; `migration <name>` writes the SQL that takes each database from the
// schema of the last migration to the current one; `check` fails if the twin is out of date.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config';
import { migrationsDir } from '../db/migrate';

const sqliteSchema = path.join(projectRoot, 'prisma/schema.prisma');
const pgSchema = path.join(projectRoot, 'prisma/postgresql/schema.prisma');
const prismaBin = path.join(projectRoot, 'node_modules/.bin/prisma');

export function postgresTwin(source: string): string {
  const header =
    '// GENERATED from ../schema.prisma by `npx tsx scripts/prisma.ts generate`: edit that file, not this one.\n';
  return (
    header +
    source
      .replace('provider = "sqlite"', 'provider = "postgresql"')
      .replace('output     = "../generated/sqlite"', 'output     = "../../generated/postgresql"')
      .replace('url      = "file:../.data/app.db"', 'url      = env("DATABASE_URL")')
  );
}

function prisma(args: string[], capture = false): string {
  const out = execFileSync(prismaBin, args, {
    cwd: projectRoot,
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
  });
  return capture ? out.toString() : '';
}

function writeTwin() {
  fs.mkdirSync(path.dirname(pgSchema), { recursive: true });
  const twin = postgresTwin(fs.readFileSync(sqliteSchema, 'utf8'));
  if (!fs.existsSync(pgSchema) || fs.readFileSync(pgSchema, 'utf8') !== twin) fs.writeFileSync(pgSchema, twin);
}

function generate() {
  writeTwin();
  prisma(['generate', '--schema', sqliteSchema]);
  prisma(['generate', '--schema', pgSchema]);
}

// Each migration keeps the schema it leads to, so the next one is a diff of two schema files and
// needs no database (no shadow database, no native engine).
function migration(name: string) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error('migration name: lower-case letters, digits and _ only');
  writeTwin();
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  for (const [dialect, schema] of [['sqlite', sqliteSchema], ['postgres', pgSchema]] as const) {
    const dir = migrationsDir(dialect);
    fs.mkdirSync(dir, { recursive: true });
    const previous = fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'schema.prisma'))).sort().at(-1);
    const from = previous ? ['--from-schema-datamodel', path.join(dir, previous, 'schema.prisma')] : ['--from-empty'];
    const sql = prisma(['migrate', 'diff', ...from, '--to-schema-datamodel', schema, '--script'], true);
    if (!/CREATE|ALTER|DROP/.test(sql)) {
      console.log(`${dialect}: no schema change`);
      continue;
    }
    const target = path.join(dir, `${stamp}_${name}`);
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'migration.sql'), sql);
    fs.copyFileSync(schema, path.join(target, 'schema.prisma'));
    console.log(`${dialect}: wrote ${path.relative(projectRoot, target)}/migration.sql`);
  }
}

function check() {
  const twin = postgresTwin(fs.readFileSync(sqliteSchema, 'utf8'));
  if (!fs.existsSync(pgSchema) || fs.readFileSync(pgSchema, 'utf8') !== twin) {
    console.error('prisma/postgresql/schema.prisma is out of date: run `npx tsx scripts/prisma.ts generate`');
    process.exit(1);
  }
}

if (require.main === module) {
  const [task, arg] = process.argv.slice(2);
  if (task === 'generate') generate();
  else if (task === 'migration' && arg) migration(arg);
  else if (task === 'check') check();
  else {
    console.error('usage: tsx scripts/prisma.ts generate | migration <name> | check');
    process.exit(2);
  }
}
