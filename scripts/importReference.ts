// `npm run import -- <folder or files...>`: imports reference data CSV files (reference/csvFormat.ts)
// into the database that the configuration names, prints the report, and exits 1 when anything
// was wrong (then nothing was imported).
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { createPrisma } from '../db/prisma';
import { KINDS, fileNameOf } from '../reference/csvFormat';
import { describeReport } from '../reference/describeReport';
import { importReference, type ImportFile } from '../reference/importReference';

/** The files named, a folder standing for the reference data files it holds. */
function filesFrom(args: string[]): ImportFile[] | string {
  const files: ImportFile[] = [];
  for (const arg of args) {
    const full = path.resolve(arg);
    if (!fs.existsSync(full)) return `${arg}: no such file or folder`;
    if (fs.statSync(full).isDirectory()) {
      const found = KINDS.map(fileNameOf).filter((n) => fs.existsSync(path.join(full, n)));
      if (found.length === 0) return `${arg}: the folder holds none of ${KINDS.map(fileNameOf).join(', ')}`;
      for (const n of found) files.push({ name: n, bytes: fs.readFileSync(path.join(full, n)) });
    } else files.push({ name: path.basename(full), bytes: fs.readFileSync(full) });
  }
  return files;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  if (args.length === 0) {
    console.error(`Usage: npm run import -- <folder or files...>\nFiles: ${KINDS.map(fileNameOf).join(', ')} (any of them; see README "Reference data").`);
    return 2;
  }
  const files = filesFrom(args);
  if (typeof files === 'string') {
    console.error(files);
    return 2;
  }
  const config = loadConfig();
  const db = createPrisma(config.databaseUrl);
  try {
    const report = await importReference(db, files);
    const out = describeReport(report).join('\n');
    if (report.ok) console.log(out);
    else console.error(out);
    return report.ok ? 0 : 1;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : `The import failed: ${(err as Error).message}`);
    process.exitCode = 1;
  },
);
