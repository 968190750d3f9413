// The reference data files an operator imports: one CSV file per kind, each column named in a
// header row. This is the one description of the format: the reader, the checks and the README
// all follow it.
export const KINDS = ['catchments', 'providers', 'schools', 'students', 'enrolments'] as const;
export type Kind = (typeof KINDS)[number];

export interface ColumnSpec {
  name: string;
  /** A required column must be in the header and have a value on every row. */
  required: boolean;
  format: string;
  meaning: string;
}

const column = (name: string, required: boolean, format: string, meaning: string): ColumnSpec => ({ name, required, format, meaning });

export const COLUMNS: Record<Kind, ColumnSpec[]> = {
  catchments: [
    column('id', true, 'id', 'the catchment’s id, e.g. northwood'),
    column('name', true, 'text', 'its name, unique, e.g. Northwood area'),
    column('providerId', false, 'id', 'the provider (kind CATCHMENT) that serves it; empty for none'),
  ],
  providers: [
    column('id', true, 'id', 'the provider’s id, e.g. northwood-as'),
    column('name', true, 'text', 'its name, unique'),
    column('kind', true, 'CATCHMENT or IN_SCHOOL', 'serves catchments, or is a school’s In-School Provision'),
    column('email', false, 'email', 'its referrals address'),
    column('phone', false, 'text', 'its phone number'),
    column('autoAssign', false, 'true or false', 'new cases go straight to the Case Manager with the fewest open cases'),
  ],
  schools: [
    column('id', true, 'id', 'the school’s id, e.g. north-high'),
    column('name', true, 'text', 'its name, unique'),
    column('catchmentId', true, 'id', 'the catchment it belongs to'),
    column('inSchoolProviderId', false, 'id', 'its In-School Provision (a provider of kind IN_SCHOOL); empty for none'),
  ],
  students: [
    column('id', true, 'id', 'the student’s id, e.g. st-liam'),
    column('nsn', true, 'NSN: 9 or 10 digits', 'National Student Number, unique'),
    column('givenName', true, 'text', 'given name'),
    column('familyName', true, 'text', 'family name'),
    column('dateOfBirth', true, 'date YYYY-MM-DD', 'date of birth'),
  ],
  enrolments: [
    column('studentId', true, 'id', 'the student (in students.csv or already known)'),
    column('schoolId', true, 'id', 'the school (in schools.csv or already known)'),
    column('startDate', true, 'date YYYY-MM-DD', 'first day; with the student and school, names the enrolment'),
    column('endDate', false, 'date YYYY-MM-DD', 'the day it ends (the student is no longer enrolled from that day); empty while enrolled'),
  ],
};

/** The largest file accepted, per file: 50,000 students take about 4 MB. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_TEXT_LENGTH = 200;

export const fileNameOf = (kind: Kind) => `${kind}.csv`;

/** The kind a file name stands for (catchments.csv → catchments), whatever folder it came from. */
export function kindOfFile(name: string): Kind | null {
  const base = name.split(/[\\/]/).pop()!.toLowerCase();
  return KINDS.find((k) => fileNameOf(k) === base) ?? null;
}

/** One problem with the files: where it is (file, line, column) and what to do about it. */
export interface ImportProblem {
  file: string;
  /** 1 is the header row; null for a problem with the whole file. */
  line: number | null;
  column: string | null;
  reason: string;
}

export interface KindCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export type ImportReport =
  | { ok: true; files: string[]; counts: Partial<Record<Kind, KindCounts>>; casesMoved: number }
  | { ok: false; files: string[]; errors: ImportProblem[] };

/** `file:line column: reason`, the form the command line prints. */
export function describeProblem(p: ImportProblem): string {
  const where = p.line === null ? p.file : `${p.file}:${p.line}`;
  return `${where}${p.column ? ` ${p.column}` : ''}: ${p.reason}`;
}
