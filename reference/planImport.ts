// The checks that need more than one row (duplicates, references, overlapping enrolments) and the
// plan of what to write: each row is created, updated or left unchanged, matched by its natural key
// (the id; for an enrolment, student + school + start date).
import { fileNameOf, type ImportProblem, type Kind, type KindCounts } from './csvFormat';
import type { ExistingData, ExistingEnrolment } from './existingData';
import type { CsvFile } from './readCsv';
import type { CatchmentRow, EnrolmentRow, ProviderRow, RowsByKind, SchoolRow, StudentRow } from './rowRules';

export interface ImportPlan {
  counts: Partial<Record<Kind, KindCounts>>;
  providers: { create: Required<Omit<ProviderRow, 'line'>>[]; update: Omit<ProviderRow, 'line'>[] };
  catchments: { create: Required<Omit<CatchmentRow, 'line'>>[]; update: Omit<CatchmentRow, 'line'>[] };
  schools: { create: Required<Omit<SchoolRow, 'line'>>[]; update: Omit<SchoolRow, 'line'>[] };
  students: { create: Omit<StudentRow, 'line'>[]; update: Omit<StudentRow, 'line'>[] };
  enrolments: {
    create: { id: string; studentId: string; schoolId: string; startDate: string; endDate: string | null }[];
    update: { id: string; endDate: string | null }[];
  };
  /** Students whose enrolments change: their cases may move to another school's scope. */
  movedStudents: string[];
}

type Problem = (kind: Kind, line: number, column: string | null, reason: string) => void;

/** Reports a second row with the same key (or the same unique value), pointing at the first. */
function unique<T extends { line: number }>(kind: Kind, rows: T[], keyOf: (r: T) => string, column: string, describe: (r: T) => string, problem: Problem): T[] {
  const first = new Map<string, number>();
  const kept: T[] = [];
  for (const r of rows) {
    const k = keyOf(r);
    const seen = first.get(k);
    if (seen !== undefined) problem(kind, r.line, column, `${describe(r)} is already on line ${seen}`);
    else {
      first.set(k, r.line);
      kept.push(r);
    }
  }
  return kept;
}

/** A unique name (or NSN) held in the database by another row that this import does not rename. */
function takenInDatabase(value: string, id: string, holders: Map<string, string>, renamed: Set<string>): string | null {
  const holder = holders.get(value);
  return holder !== undefined && holder !== id && !renamed.has(holder) ? holder : null;
}

const changed = <T extends object>(row: T, existing: Record<string, unknown>): boolean =>
  Object.entries(row).some(([k, v]) => k !== 'line' && v !== undefined && existing[k] !== v);

const withoutLine = <T extends { line: number }>({ line: _line, ...rest }: T): Omit<T, 'line'> => rest;

export function planImport(files: Partial<Record<Kind, CsvFile>>, rows: RowsByKind, existing: ExistingData, problems: ImportProblem[]): ImportPlan {
  const problem: Problem = (kind, line, column, reason) => problems.push({ file: fileNameOf(kind), line, column, reason });
  // Ids named in each file, even on rows with problems of their own: a school pointing at a
  // catchment whose row is wrong is reported once, at the catchment's row.
  const idsInFile = (kind: Kind) => new Set((files[kind]?.rows ?? []).map((r) => r.values.id ?? '').filter(Boolean));

  // ---------- duplicates within a file, and unique values held by others in the database ----------
  const checkNames = <T extends { id: string; name: string; line: number }>(kind: Kind, list: T[], inDb: Map<string, { name: string }>, what: string) => {
    const kept = unique(kind, list, (r) => r.id, 'id', (r) => `${what} "${r.id}"`, problem);
    unique(kind, kept, (r) => r.name.toLowerCase(), 'name', (r) => `the name "${r.name}"`, problem);
    const holders = new Map([...inDb.values()].map((v) => [v.name, (v as unknown as { id: string }).id]));
    const renamed = new Set(kept.filter((r) => inDb.has(r.id) && inDb.get(r.id)!.name !== r.name).map((r) => r.id));
    for (const r of kept) {
      const holder = takenInDatabase(r.name, r.id, holders, renamed);
      if (holder) problem(kind, r.line, 'name', `the name "${r.name}" already belongs to ${what} "${holder}"`);
    }
    return kept;
  };
  const providers = checkNames('providers', rows.providers, existing.providers, 'provider');
  const catchments = checkNames('catchments', rows.catchments, existing.catchments, 'catchment');
  const schools = checkNames('schools', rows.schools, existing.schools, 'school');

  const students = unique('students', rows.students, (r) => r.id, 'id', (r) => `student "${r.id}"`, problem);
  unique('students', students, (r) => r.nsn, 'nsn', (r) => `NSN ${r.nsn}`, problem);
  const renamedNsn = new Set(students.filter((r) => existing.students.has(r.id) && existing.students.get(r.id)!.nsn !== r.nsn).map((r) => r.id));
  for (const r of students) {
    const holder = takenInDatabase(r.nsn, r.id, existing.studentByNsn, renamedNsn);
    if (holder) problem('students', r.line, 'nsn', `NSN ${r.nsn} already belongs to student "${holder}"`);
  }
  const enrolments = unique(
    'enrolments',
    rows.enrolments,
    (r) => `${r.studentId}|${r.schoolId}|${r.startDate}`,
    'startDate',
    (r) => `the enrolment of "${r.studentId}" at "${r.schoolId}" from ${r.startDate}`,
    problem,
  );

  // ---------- references: to a row of the import, or one already in the database ----------
  const providerKind = (id: string): string | undefined =>
    rows.providers.find((p) => p.id === id)?.kind ?? (idsInFile('providers').has(id) ? undefined : existing.providers.get(id)?.kind);
  const knownProvider = (id: string) => idsInFile('providers').has(id) || existing.providers.has(id);
  const refer = (kind: Kind, line: number, column: string, id: string, target: string, known: boolean) => {
    if (!known) problem(kind, line, column, `there is no ${target} "${id}" in ${target === 'provider' ? 'providers' : `${target}s`}.csv or in the database`);
    return known;
  };
  for (const c of catchments) {
    if (!c.providerId || !refer('catchments', c.line, 'providerId', c.providerId, 'provider', knownProvider(c.providerId))) continue;
    if (providerKind(c.providerId) === 'IN_SCHOOL') {
      problem('catchments', c.line, 'providerId', `provider "${c.providerId}" is an In-School Provision (kind IN_SCHOOL); a catchment is served by a provider of kind CATCHMENT`);
    }
  }
  for (const s of schools) {
    refer('schools', s.line, 'catchmentId', s.catchmentId, 'catchment', idsInFile('catchments').has(s.catchmentId) || existing.catchments.has(s.catchmentId));
    if (!s.inSchoolProviderId || !refer('schools', s.line, 'inSchoolProviderId', s.inSchoolProviderId, 'provider', knownProvider(s.inSchoolProviderId))) continue;
    if (providerKind(s.inSchoolProviderId) === 'CATCHMENT') {
      problem('schools', s.line, 'inSchoolProviderId', `provider "${s.inSchoolProviderId}" serves catchments (kind CATCHMENT); a school’s In-School Provision has kind IN_SCHOOL`);
    }
  }
  const studentIds = idsInFile('students');
  const schoolIds = idsInFile('schools');
  for (const e of enrolments) {
    refer('enrolments', e.line, 'studentId', e.studentId, 'student', studentIds.has(e.studentId) || existing.students.has(e.studentId));
    refer('enrolments', e.line, 'schoolId', e.schoolId, 'school', schoolIds.has(e.schoolId) || existing.schools.has(e.schoolId));
  }

  // ---------- enrolments: matched to the database's, then no two of one student may overlap ----------
  const matchOf = new Map<EnrolmentRow, ExistingEnrolment>();
  const byStudent = new Map<string, EnrolmentRow[]>();
  for (const e of enrolments) {
    const match = existing.enrolments.get(e.studentId)?.find((x) => x.schoolId === e.schoolId && x.startDay === e.startDate);
    if (match) matchOf.set(e, match);
    byStudent.set(e.studentId, [...(byStudent.get(e.studentId) ?? []), e]);
  }
  for (const [studentId, imported] of byStudent) {
    const matched = new Set(imported.map((e) => matchOf.get(e)?.id));
    const spans = [
      ...imported.map((e) => ({ row: e as EnrolmentRow | null, schoolId: e.schoolId, start: e.startDate, end: e.endDate === undefined ? (matchOf.get(e)?.endDay ?? null) : e.endDate })),
      ...(existing.enrolments.get(studentId) ?? []).filter((x) => !matched.has(x.id)).map((x) => ({ row: null, schoolId: x.schoolId, start: x.startDay, end: x.endDay })),
    ].sort((a, b) => a.start.localeCompare(b.start));
    // The span reaching furthest so far: any later span starting before its end overlaps it.
    let reach: (typeof spans)[number] | null = null;
    for (const span of spans) {
      if (reach && (reach.end === null || span.start < reach.end) && (span.row || reach.row)) {
        const [at, other] = span.row ? [span, reach] : [reach, span];
        const where = other.row ? `on line ${other.row.line}` : 'already in the database';
        problem('enrolments', at.row!.line, 'startDate', `this enrolment of "${studentId}" overlaps the one at "${other.schoolId}" from ${other.start}${other.end ? ` to ${other.end}` : ' (no end date)'} ${where}: a student is enrolled at one school at a time`);
      }
      if (!reach || reach.end !== null && (span.end === null || span.end > reach.end)) reach = span;
    }
  }

  // ---------- the plan: create what is new, update what differs, count what is the same ----------
  const counts: ImportPlan['counts'] = {};
  const count = (kind: Kind) => (counts[kind] ??= { created: 0, updated: 0, unchanged: 0 });
  for (const kind of Object.keys(files) as Kind[]) count(kind);
  const split = <R extends { id: string; line: number }, C>(kind: Kind, list: R[], inDb: Map<string, object>, complete: (r: R) => C) => {
    const create: C[] = [];
    const update: Omit<R, 'line'>[] = [];
    for (const r of list) {
      const before = inDb.get(r.id);
      if (!before) {
        create.push(complete(r));
        count(kind).created++;
      } else if (changed(r, before as Record<string, unknown>)) {
        update.push(withoutLine(r));
        count(kind).updated++;
      } else count(kind).unchanged++;
    }
    return { create, update };
  };
  const plan: ImportPlan = {
    counts,
    providers: split('providers', providers, existing.providers, (p) => ({ id: p.id, name: p.name, kind: p.kind, email: p.email ?? null, phone: p.phone ?? null, autoAssign: p.autoAssign ?? false })),
    catchments: split('catchments', catchments, existing.catchments, (c) => ({ id: c.id, name: c.name, providerId: c.providerId ?? null })),
    schools: split('schools', schools, existing.schools, (s) => ({ id: s.id, name: s.name, catchmentId: s.catchmentId, inSchoolProviderId: s.inSchoolProviderId ?? null })),
    students: split('students', students, existing.students, (s) => withoutLine(s)),
    enrolments: { create: [], update: [] },
    movedStudents: [],
  };
  const moved = new Set<string>();
  for (const e of enrolments) {
    const match = matchOf.get(e);
    if (!match) {
      plan.enrolments.create.push({ id: `${e.studentId}:${e.schoolId}:${e.startDate}`, studentId: e.studentId, schoolId: e.schoolId, startDate: e.startDate, endDate: e.endDate ?? null });
      count('enrolments').created++;
      moved.add(e.studentId);
    } else if (e.endDate !== undefined && e.endDate !== match.endDay) {
      plan.enrolments.update.push({ id: match.id, endDate: e.endDate });
      count('enrolments').updated++;
      moved.add(e.studentId);
    } else count('enrolments').unchanged++;
  }
  plan.movedStudents = [...moved];
  return plan;
}
