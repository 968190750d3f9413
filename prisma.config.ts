// Prisma CLI configuration: runs offline with the bundled WebAssembly engines and the driver
// adapters (DESIGN.md §5); Prisma's native engine binaries are never downloaded.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { dialectOf, sqliteFile } from './db/databaseUrl';

// Pointing these at an existing file tells the CLI not to look for (or fetch) native engines.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= process.execPath;

// The app applies migrations itself (db/migrate.ts); the CLI only needs a database for `studio`,
// so without DATABASE_URL it gets a throwaway in-memory one and creates no file.
const databaseUrl = process.env.DATABASE_URL ?? 'file::memory:';

export default defineConfig({
  experimental: { adapter: true },
  schema: path.join('prisma', 'schema.prisma'),
  engine: 'js',
  adapter: async () =>
    dialectOf(databaseUrl) === 'postgres'
      ? new PrismaPg({ connectionString: databaseUrl })
      : new PrismaBetterSQLite3({ url: databaseUrl === 'file::memory:' ? ':memory:' : sqliteFile(databaseUrl) }),
});
