// The rules for one row on its own: required values, and the form of ids, NSNs, dates, emails,
// booleans and provider kinds. A row that passes becomes a typed record; one that fails is reported
// column by column, every problem at once.
import { localDay, parseLocalDay } from '../domain/dates';
import { MAX_TEXT_LENGTH, type ImportProblem, type Kind } from './csvFormat';
import type { CsvFile, CsvRow } from './readCsv';

export const PROVIDER_KINDS = ['CATCHMENT', 'IN_SCHOOL'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** Ids are slugs, as in the demo data: north-high, st-liam. */
const ID = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;
/** A National Student Number: 9 or 10 digits (domain/ has no other rule for it). */
const NSN = /^\d{9,10}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TRUE = ['true', 'yes', '1'];
const FALSE = ['false', 'no', '0', ''];

/** Every record remembers its line, for reporting problems found later (duplicates, references). */
interface Located {
  line: number;
}
export interface CatchmentRow extends Located {
  id: string;
  name: string;
  providerId?: string | null;
}
export interface ProviderRow extends Located {
  id: string;
  name: string;
  kind: ProviderKind;
  email?: string | null;
  phone?: string | null;
  autoAssign?: boolean;
}
export interface SchoolRow extends Located {
  id: string;
  name: string;
  catchmentId: string;
  inSchoolProviderId?: string | null;
}
export interface StudentRow extends Located {
  id: string;
  nsn: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string; // YYYY-MM-DD
}
export interface EnrolmentRow extends Located {
  studentId: string;
  schoolId: string;
  startDate: string; // YYYY-MM-DD
  endDate?: string | null;
}

export interface RowsByKind {
  catchments: CatchmentRow[];
  providers: ProviderRow[];
  schools: SchoolRow[];
  students: StudentRow[];
  enrolments: EnrolmentRow[];
}

/** Reads the columns of one row; `undefined` for an optional column the header leaves out. */
class RowReader {
  ok = true;
  constructor(
    private readonly file: CsvFile,
    private readonly row: CsvRow,
    private readonly problems: ImportProblem[],
  ) {}

  fail(column: string, reason: string) {
    this.ok = false;
    this.problems.push({ file: this.file.file, line: this.row.line, column, reason });
  }

  private raw(column: string): string | undefined {
    return this.file.columns.has(column) ? (this.row.values[column] ?? '') : undefined;
  }

  /** A required column's value; missing columns were reported with the header. */
  required(column: string): string {
    const v = this.raw(column);
    if (v === undefined) {
      this.ok = false;
      return '';
    }
    if (v === '') this.fail(column, 'a value is required');
    else if (v.length > MAX_TEXT_LENGTH) this.fail(column, `the value is ${v.length} characters long; at most ${MAX_TEXT_LENGTH} are allowed`);
    return v;
  }

  /** An optional column: undefined when left out of the header, null when empty. */
  optional(column: string): string | null | undefined {
    const v = this.raw(column);
    if (v === undefined) return undefined;
    if (v.length > MAX_TEXT_LENGTH) this.fail(column, `the value is ${v.length} characters long; at most ${MAX_TEXT_LENGTH} are allowed`);
    return v === '' ? null : v;
  }

  id(column: string, value: string | null | undefined) {
    if (value && !ID.test(value)) this.fail(column, `"${value}" is not an id: use lower-case letters, digits and hyphens, like north-high`);
  }

  /** True when the value is a real date (or empty). */
  date(column: string, value: string | null | undefined): boolean {
    if (!value) return true;
    if (!DATE.test(value)) this.fail(column, `"${value}" is not a date in the form YYYY-MM-DD`);
    else if (!parseLocalDay(value)) this.fail(column, `${value} is not a real date`);
    else return true;
    return false;
  }
}

function each<T>(file: CsvFile | undefined, problems: ImportProblem[], read: (r: RowReader, line: number) => T): T[] {
  if (!file) return [];
  const out: T[] = [];
  for (const row of file.rows) {
    const reader = new RowReader(file, row, problems);
    const record = read(reader, row.line);
    if (reader.ok) out.push(record);
  }
  return out;
}

export function checkRows(files: Partial<Record<Kind, CsvFile>>, problems: ImportProblem[], today = localDay(new Date())): RowsByKind {
  const catchments = each(files.catchments, problems, (r, line): CatchmentRow => {
    const id = r.required('id');
    r.id('id', id);
    const providerId = r.optional('providerId');
    r.id('providerId', providerId);
    return { line, id, name: r.required('name'), providerId };
  });

  const providers = each(files.providers, problems, (r, line): ProviderRow => {
    const id = r.required('id');
    r.id('id', id);
    const name = r.required('name');
    const kindText = r.required('kind');
    const kind = kindText.toUpperCase().replace(/[\s-]/g, '_') as ProviderKind;
    if (kindText && !PROVIDER_KINDS.includes(kind)) r.fail('kind', `"${kindText}" is not a provider kind: use CATCHMENT or IN_SCHOOL`);
    const email = r.optional('email');
    if (email && !EMAIL.test(email)) r.fail('email', `"${email}" is not an email address`);
    const phone = r.optional('phone');
    const auto = r.optional('autoAssign');
    let autoAssign: boolean | undefined;
    if (auto !== undefined) {
      const v = (auto ?? '').toLowerCase();
      if (TRUE.includes(v)) autoAssign = true;
      else if (FALSE.includes(v)) autoAssign = false;
      else r.fail('autoAssign', `"${auto}" is not true or false`);
    }
    return { line, id, name, kind, email, phone, autoAssign };
  });

  const schools = each(files.schools, problems, (r, line): SchoolRow => {
    const id = r.required('id');
    r.id('id', id);
    const name = r.required('name');
    const catchmentId = r.required('catchmentId');
    r.id('catchmentId', catchmentId);
    const inSchoolProviderId = r.optional('inSchoolProviderId');
    r.id('inSchoolProviderId', inSchoolProviderId);
    return { line, id, name, catchmentId, inSchoolProviderId };
  });

  const students = each(files.students, problems, (r, line): StudentRow => {
    const id = r.required('id');
    r.id('id', id);
    const nsn = r.required('nsn');
    if (nsn && !NSN.test(nsn)) r.fail('nsn', `"${nsn}" is not a National Student Number (9 or 10 digits)`);
    const givenName = r.required('givenName');
    const familyName = r.required('familyName');
    const dateOfBirth = r.required('dateOfBirth');
    if (r.date('dateOfBirth', dateOfBirth) && dateOfBirth > today) r.fail('dateOfBirth', `${dateOfBirth} is in the future`);
    return { line, id, nsn, givenName, familyName, dateOfBirth };
  });

  const enrolments = each(files.enrolments, problems, (r, line): EnrolmentRow => {
    const studentId = r.required('studentId');
    r.id('studentId', studentId);
    const schoolId = r.required('schoolId');
    r.id('schoolId', schoolId);
    const startDate = r.required('startDate');
    const startOk = r.date('startDate', startDate);
    const endDate = r.optional('endDate');
    const endOk = r.date('endDate', endDate);
    if (startOk && endOk && startDate && endDate && endDate <= startDate) r.fail('endDate', `the end date ${endDate} must be after the start date ${startDate}`);
    return { line, studentId, schoolId, startDate, endDate };
  });

  return { catchments, providers, schools, students, enrolments };
}
