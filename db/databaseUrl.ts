// Which database a DATABASE_URL names: a SQLite file (default) or PostgreSQL.
import path from 'node:path';
import { projectRoot } from '../config';

export type Dialect = 'sqlite' | 'postgres';

export const dialectOf = (url: string): Dialect =>
  url.startsWith('postgresql://') || url.startsWith('postgres://') ? 'postgres' : 'sqlite';

/** Absolute path of a `file:` URL; relative paths are relative to the project root, never the cwd. */
export function sqliteFile(url: string): string {
  const raw = url.replace(/^file:/, '').replace(/\?.*$/, '');
  return path.isAbsolute(raw) ? raw : path.resolve(projectRoot, raw);
}
