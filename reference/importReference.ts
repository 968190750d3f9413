// Imports reference data (catchments, providers, schools, students, enrolments) from CSV files: every
// row checked, every problem reported by file, line and column, and nothing written unless there
// are none. Used by `npm run import` and the operator page.
import type { Db } from '../db/prisma';
import { localDay } from '../domain/dates';
import { KINDS, kindOfFile, fileNameOf, type ImportProblem, type ImportReport, type Kind } from './csvFormat';
import { readCsv, type CsvFile } from './readCsv';
import { checkRows } from './rowRules';
import { readExisting } from './existingData';
import { planImport } from './planImport';
import { applyImport } from './applyImport';

export interface ImportFile {
  /** The file's name (a path is fine): it says what the file holds, e.g. students.csv. */
  name: string;
  bytes: Buffer;
}

// Files in the order they are applied (files named for no kind last), then line by line.
const order = (file: string) => {
  const kind = kindOfFile(file);
  return kind ? KINDS.indexOf(kind) : KINDS.length;
};
const byPosition = (a: ImportProblem, b: ImportProblem) =>
  order(a.file) - order(b.file) ||
  a.file.localeCompare(b.file) ||
  (a.line ?? 0) - (b.line ?? 0);

export async function importReference(db: Db, given: ImportFile[], now = new Date()): Promise<ImportReport> {
  const problems: ImportProblem[] = [];
  const files: Partial<Record<Kind, CsvFile>> = {};
  const names: string[] = [];
  if (given.length === 0) {
    problems.push({ file: '(no files)', line: null, column: null, reason: `choose at least one file: ${KINDS.map(fileNameOf).join(', ')}` });
  }
  for (const f of given) {
    const base = f.name.split(/[\\/]/).pop() || f.name;
    const kind = kindOfFile(base);
    if (!kind) {
      problems.push({ file: base, line: null, column: null, reason: `not a reference data file: name each file after what it holds (${KINDS.map(fileNameOf).join(', ')})` });
      continue;
    }
    if (files[kind]) {
      problems.push({ file: base, line: null, column: null, reason: `${fileNameOf(kind)} was given twice: give each kind of file once` });
      continue;
    }
    names.push(fileNameOf(kind));
    files[kind] = readCsv(kind, f.bytes, problems);
  }
  const rows = checkRows(files, problems, localDay(now));
  const existing = await readExisting(db, rows);
  const plan = planImport(files, rows, existing, problems);
  const ordered = KINDS.map(fileNameOf).filter((n) => names.includes(n));
  if (problems.length) return { ok: false, files: ordered, errors: problems.sort(byPosition) };
  try {
    const casesMoved = await applyImport(db, plan, now);
    return { ok: true, files: ordered, counts: plan.counts, casesMoved };
  } catch (err) {
    // Every check passed, so this is the database refusing (another change at the same moment,
    // or the database unreachable); the transaction was rolled back.
    return {
      ok: false,
      files: ordered,
      errors: [{ file: ordered.join(', '), line: null, column: null, reason: `the database refused the import, so nothing was imported (${(err as Error).message.split('\n')[0]}). Try again; if it happens again, tell the service's developers.` }],
    };
  }
}
