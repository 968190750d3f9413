// Importing reference data from CSV files (README "Reference data"), on a fresh demo database: what a
// valid import writes, that a second run changes nothing, every problem reported by file, line and
// column with nothing half-imported, an enrolment change moving a student's case, and the command.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import anyTest, { type TestFn } from 'ava';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { projectRoot } from '../../config';
import { importReference, type ImportFile } from '../../reference/importReference';
import type { ImportProblem, ImportReport } from '../../reference/csvFormat';
import { localDay } from '../../domain/dates';
import { listCases } from '../../web/queries/caseList';
import { findCase } from '../../web/queries/caseRecord';
import { can, caseListScope } from '../../domain/permissions';
import type { Actor, Role } from '../../domain/roles';
import { USERS } from '../../prisma/demoData';

const test = anyTest as TestFn<{ shared: TestDatabase }>;
const fixtures = path.join(projectRoot, 'test/fixtures/reference');

/** The files of a fixture folder, as the page or the command would read them. */
const folder = (name: string): ImportFile[] =>
  fs.readdirSync(path.join(fixtures, name)).map((f) => ({ name: f, bytes: fs.readFileSync(path.join(fixtures, name, f)) }));
const csv = (name: string, text: string): ImportFile => ({ name, bytes: Buffer.from(text) });

/** Everything an import may write, in a stable order, to compare before and after. */
async function snapshot(d: TestDatabase) {
  const { db } = d;
  return {
    catchments: await db.catchment.findMany({ orderBy: { id: 'asc' } }),
    providers: await db.provider.findMany({ orderBy: { id: 'asc' } }),
    schools: await db.school.findMany({ orderBy: { id: 'asc' } }),
    students: await db.student.findMany({ orderBy: { id: 'asc' } }),
    enrolments: await db.enrolment.findMany({ orderBy: { id: 'asc' } }),
    cases: await db.case.findMany({ orderBy: { id: 'asc' }, select: { reference: true, currentSchoolId: true, leftReferringSchool: true, learnerName: true } }),
    tallies: await db.caseTally.findMany({ orderBy: [{ dimension: 'asc' }, { key: 'asc' }, { closed: 'asc' }] }),
  };
}

function problemsOf(report: ImportReport): ImportProblem[] {
  if (report.ok) throw new Error(`expected problems, the import succeeded: ${JSON.stringify(report.counts)}`);
  return report.errors;
}

const actor = (id: string): Actor => {
  const u = USERS.find((x) => x.id === id)!;
  return { id: u.id, name: u.name, email: u.email, roles: u.roles.map((r) => ({ role: r.role as Role, schoolId: r.schoolId ?? null, providerId: r.providerId ?? null })) };
};

test.before(async (t) => {
  // For the refusals: a refused import writes nothing, so they can share one database.
  t.context.shared = await freshDatabase({ demo: true });
});
test.after.always(async (t) => {
  await t.context.shared?.close();
});

test('a valid import creates exactly what the files say, and reports it per kind', async (t) => {
  const d = await freshDatabase({ demo: true });
  t.teardown(() => d.close());
  const report = await importReference(d.db, folder('valid'));
  t.deepEqual(report, {
    ok: true,
    files: ['catchments.csv', 'providers.csv', 'schools.csv', 'students.csv', 'enrolments.csv'],
    counts: {
      catchments: { created: 1, updated: 0, unchanged: 2 },
      providers: { created: 2, updated: 0, unchanged: 1 },
      schools: { created: 2, updated: 0, unchanged: 1 },
      students: { created: 3, updated: 1, unchanged: 1 },
      enrolments: { created: 3, updated: 0, unchanged: 1 },
    },
    casesMoved: 0,
  });
  const { db } = d;
  t.deepEqual(await db.catchment.findUnique({ where: { id: 'eastcoast' } }), { id: 'eastcoast', name: 'East Coast area', providerId: 'eastcoast-as' });
  t.deepEqual(await db.provider.findUnique({ where: { id: 'eastcoast-as' } }), {
    id: 'eastcoast-as',
    name: 'East Coast Attendance Service',
    kind: 'CATCHMENT',
    email: 'referrals@eastcoast.provider.example',
    phone: '06 555 0400',
    autoAssign: true,
  });
  t.deepEqual(await db.provider.findUnique({ where: { id: 'eastcoast-isp' } }), {
    id: 'eastcoast-isp',
    name: 'East Coast College In-School Provision',
    kind: 'IN_SCHOOL',
    email: null,
    phone: null,
    autoAssign: false,
  });
  t.deepEqual(await db.school.findUnique({ where: { id: 'tairawhiti-primary' } }), {
    id: 'tairawhiti-primary',
    name: 'Tairāwhiti Primary School, Gisborne',
    catchmentId: 'eastcoast',
    inSchoolProviderId: null,
  });
  t.is((await db.school.findUnique({ where: { id: 'east-coast-college' } }))?.inSchoolProviderId, 'eastcoast-isp');
  const ben = await db.student.findUniqueOrThrow({ where: { id: 'st-ben' } });
  t.like(ben, { nsn: '134000002', givenName: 'Ben', familyName: "O'Connor", nameSearch: "ben o'connor" });
  t.is(localDay(ben.dateOfBirth), '2013-09-01');
  t.is((await db.student.findUniqueOrThrow({ where: { id: 'st-anahera' } })).nsn, '1340000003');
  // A corrected name reaches the student, and the copy each of their cases keeps for the lists.
  t.like(await db.student.findUniqueOrThrow({ where: { id: 'st-joseph' } }), { familyName: 'Bloggs-Smith', nameSearch: 'joseph bloggs-smith' });
  t.like(await db.case.findUniqueOrThrow({ where: { reference: '00098602' } }), { learnerName: 'Joseph Bloggs-Smith', learnerSearch: 'joseph bloggs-smith' });
  const anahera = await db.enrolment.findMany({ where: { studentId: 'st-anahera' } });
  t.deepEqual(
    anahera.map((e) => [e.schoolId, localDay(e.startDate), e.endDate && localDay(e.endDate)]),
    [['east-coast-college', '2024-02-01', '2025-12-12']],
  );
  t.is(await db.enrolment.count({ where: { studentId: 'st-faatali' } }), 1, 'the demo enrolment matched, not duplicated');
  t.is(await db.student.count(), 16 + 3);
  t.is(await db.school.count(), 3 + 2);
});

test('importing the same files again changes nothing: 0 created, 0 updated, and the database is the same', async (t) => {
  const d = await freshDatabase({ demo: true });
  t.teardown(() => d.close());
  t.true((await importReference(d.db, folder('valid'))).ok);
  const before = await snapshot(d);
  const again = await importReference(d.db, folder('valid'));
  t.deepEqual(again, {
    ok: true,
    files: ['catchments.csv', 'providers.csv', 'schools.csv', 'students.csv', 'enrolments.csv'],
    counts: {
      catchments: { created: 0, updated: 0, unchanged: 3 },
      providers: { created: 0, updated: 0, unchanged: 3 },
      schools: { created: 0, updated: 0, unchanged: 3 },
      students: { created: 0, updated: 0, unchanged: 5 },
      enrolments: { created: 0, updated: 0, unchanged: 4 },
    },
    casesMoved: 0,
  });
  t.deepEqual(await snapshot(d), before);
});

test('one bad row in one file of five: nothing is imported, and the row is reported', async (t) => {
  const d = await freshDatabase({ demo: true });
  t.teardown(() => d.close());
  const before = await snapshot(d);
  const report = await importReference(d.db, folder('one-bad-row'));
  t.deepEqual(problemsOf(report), [{ file: 'students.csv', line: 5, column: 'nsn', reason: '"13400002" is not a National Student Number (9 or 10 digits)' }]);
  t.deepEqual(await snapshot(d), before);
});

// ---------- every kind of problem, with the exact entry the report gives ----------

const refused = test.macro(async (t, files: ImportFile[], expected: ImportProblem[]) => {
  const before = await t.context.shared.db.student.count();
  t.deepEqual(problemsOf(await importReference(t.context.shared.db, files)), expected);
  t.is(await t.context.shared.db.student.count(), before);
});

const STUDENTS = 'id,nsn,givenName,familyName,dateOfBirth\n';
const ENROLMENTS = 'studentId,schoolId,startDate,endDate\n';
const SCHOOLS = 'id,name,catchmentId,inSchoolProviderId\n';
const PROVIDERS = 'id,name,kind,email,phone,autoAssign\n';

test('a required column missing from the header', refused, [csv('students.csv', 'id,givenName,familyName,dateOfBirth\nst-x,X,Y,2012-01-01\n')], [
  { file: 'students.csv', line: 1, column: 'nsn', reason: 'the header has no "nsn" column, which is required' },
]);

test('an unknown column in the header', refused, [csv('students.csv', 'id,nsn,givenName,familyName,dateOfBirth,nickname\nst-x,134100001,X,Y,2012-01-01,Xy\n')], [
  { file: 'students.csv', line: 1, column: 'nickname', reason: 'unknown column "nickname": the columns of students.csv are id, nsn, givenName, familyName, dateOfBirth' },
]);

test('a row with the wrong number of values', refused, [csv('students.csv', `${STUDENTS}st-x,134100001,X,Y,2012-01-01\nst-y,134100002,Jo,Smith, Jr,2012-01-01\n`)], [
  { file: 'students.csv', line: 3, column: null, reason: 'this row has 6 values but the header has 5 columns (a value containing a comma must be in double quotes)' },
]);

test('a quoted value never closed', refused, [csv('students.csv', `${STUDENTS}st-x,134100001,X,Y,2012-01-01\nst-y,134100002,"Jo,Smith,2012-01-01\nst-z,134100003,Z,Z,2012-01-01\n`)], [
  { file: 'students.csv', line: 3, column: null, reason: 'a quoted value is never closed ("), so this row and everything after it could not be read' },
]);

test('a required value left empty', refused, [csv('students.csv', `${STUDENTS}st-x,134100001,,Y,2012-01-01\n`)], [
  { file: 'students.csv', line: 2, column: 'givenName', reason: 'a value is required' },
]);

test('values in the wrong form: id, NSN, date, email, boolean, provider kind', refused, [
  csv('providers.csv', `${PROVIDERS}East Coast,East Coast AS,REGIONAL,referrals at eastcoast,06 555,maybe\n`),
  csv('students.csv', `${STUDENTS}st-x,12345,X,Y,01/02/2012\n`),
], [
  { file: 'providers.csv', line: 2, column: 'id', reason: '"East Coast" is not an id: use lower-case letters, digits and hyphens, like north-high' },
  { file: 'providers.csv', line: 2, column: 'kind', reason: '"REGIONAL" is not a provider kind: use CATCHMENT or IN_SCHOOL' },
  { file: 'providers.csv', line: 2, column: 'email', reason: '"referrals at eastcoast" is not an email address' },
  { file: 'providers.csv', line: 2, column: 'autoAssign', reason: '"maybe" is not true or false' },
  { file: 'students.csv', line: 2, column: 'nsn', reason: '"12345" is not a National Student Number (9 or 10 digits)' },
  { file: 'students.csv', line: 2, column: 'dateOfBirth', reason: '"01/02/2012" is not a date in the form YYYY-MM-DD' },
]);

test('an impossible date, and an end date before the start date', refused, [csv('enrolments.csv', `${ENROLMENTS}st-liam,southbay-primary,2025-02-30,\nst-noah,southbay-primary,2026-03-01,2026-02-01\n`)], [
  { file: 'enrolments.csv', line: 2, column: 'startDate', reason: '2025-02-30 is not a real date' },
  { file: 'enrolments.csv', line: 3, column: 'endDate', reason: 'the end date 2026-02-01 must be after the start date 2026-03-01' },
]);

test('the same key twice in a file', refused, [
  csv('students.csv', `${STUDENTS}st-x,134100001,X,Y,2012-01-01\nst-x,134100002,X,Z,2012-01-01\nst-w,134100001,W,Y,2012-01-01\n`),
  csv('enrolments.csv', `${ENROLMENTS}st-liam,north-high,2024-02-01,\nst-liam,north-high,2024-02-01,2026-01-01\n`),
], [
  { file: 'students.csv', line: 3, column: 'id', reason: 'student "st-x" is already on line 2' },
  { file: 'students.csv', line: 4, column: 'nsn', reason: 'NSN 134100001 is already on line 2' },
  { file: 'enrolments.csv', line: 3, column: 'startDate', reason: 'the enrolment of "st-liam" at "north-high" from 2024-02-01 is already on line 2' },
]);

test('an NSN that already belongs to another student', refused, [csv('students.csv', `${STUDENTS}st-liam-2,131000004,Liam,Chen,2011-11-02\n`)], [
  { file: 'students.csv', line: 2, column: 'nsn', reason: 'NSN 131000004 already belongs to student "st-liam"' },
]);

test('references to what exists neither in the import nor in the database', refused, [
  csv('catchments.csv', 'id,name,providerId\neastcoast,East Coast area,eastcoast-as\nwestcoast,West Coast area,kowhai-isp\n'),
  csv('schools.csv', `${SCHOOLS}east-college,East College,nowhere,\nwest-college,West College,northwood,missing-isp\nnorth-college,North College,northwood,northwood-as\n`),
  csv('enrolments.csv', `${ENROLMENTS}st-nobody,north-high,2025-02-03,\nst-liam,no-such-school,2020-02-03,2021-01-01\n`),
], [
  { file: 'catchments.csv', line: 2, column: 'providerId', reason: 'there is no provider "eastcoast-as" in providers.csv or in the database' },
  { file: 'catchments.csv', line: 3, column: 'providerId', reason: 'provider "kowhai-isp" is an In-School Provision (kind IN_SCHOOL); a catchment is served by a provider of kind CATCHMENT' },
  { file: 'schools.csv', line: 2, column: 'catchmentId', reason: 'there is no catchment "nowhere" in catchments.csv or in the database' },
  { file: 'schools.csv', line: 3, column: 'inSchoolProviderId', reason: 'there is no provider "missing-isp" in providers.csv or in the database' },
  { file: 'schools.csv', line: 4, column: 'inSchoolProviderId', reason: 'provider "northwood-as" serves catchments (kind CATCHMENT); a school’s In-School Provision has kind IN_SCHOOL' },
  { file: 'enrolments.csv', line: 2, column: 'studentId', reason: 'there is no student "st-nobody" in students.csv or in the database' },
  { file: 'enrolments.csv', line: 3, column: 'schoolId', reason: 'there is no school "no-such-school" in schools.csv or in the database' },
]);

test('overlapping enrolments of one student, in the file or with one already in the database', refused, [
  csv('enrolments.csv', `${ENROLMENTS}st-noah,north-high,2024-02-01,2026-08-01\nst-noah,southbay-primary,2026-07-20,\nst-mia,southbay-primary,2026-09-01,\n`),
], [
  { file: 'enrolments.csv', line: 3, column: 'startDate', reason: 'this enrolment of "st-noah" overlaps the one at "north-high" from 2024-02-01 to 2026-08-01 on line 2: a student is enrolled at one school at a time' },
  { file: 'enrolments.csv', line: 4, column: 'startDate', reason: 'this enrolment of "st-mia" overlaps the one at "north-high" from 2024-02-01 (no end date) already in the database: a student is enrolled at one school at a time' },
]);

test('an empty file, and a file with a header but no rows', refused, [csv('students.csv', ''), csv('enrolments.csv', `\uFEFF${ENROLMENTS}\n`)], [
  { file: 'students.csv', line: null, column: null, reason: 'the file is empty: it needs a header row naming its columns (id,nsn,givenName,familyName,dateOfBirth) and at least one data row' },
  { file: 'enrolments.csv', line: null, column: null, reason: 'the file has a header row but no data rows' },
]);

test('a file too large, not UTF-8, or named for no kind of data', refused, [
  csv('students.csv', STUDENTS + 'st-x,134100001,X,Y,2012-01-01\n'.repeat(400_000)),
  { name: 'schools.csv', bytes: Buffer.from(`${SCHOOLS}tairawhiti,Tair\xe2whiti School,northwood,\n`, 'latin1') },
  csv('teachers.csv', 'id,name\nt1,Ms Smith\n'),
], [
  { file: 'schools.csv', line: null, column: null, reason: 'the file is not UTF-8 text: save it as "CSV UTF-8" and import it again' },
  { file: 'students.csv', line: null, column: null, reason: 'the file is 11.4 MB; the largest accepted is 10.0 MB' },
  { file: 'teachers.csv', line: null, column: null, reason: 'not a reference data file: name each file after what it holds (catchments.csv, providers.csv, schools.csv, students.csv, enrolments.csv)' },
]);

// ---------- enrolments move cases ----------

test('an enrolment change moves Liam’s open case from North High’s scope to Southbay’s', async (t) => {
  const d = await freshDatabase({ demo: true });
  t.teardown(() => d.close());
  const listed = async (who: string) =>
    (await listCases(d.sql, caseListScope(actor(who)), { view: 'active', sort: 'opened', dir: 'desc', page: 1, pageSize: 100 })).rows.map((r) => r.reference);
  t.true((await listed('susan.wildes')).includes('00098604'));
  t.false((await listed('sam.lee')).includes('00098604'));

  const report = await importReference(d.db, [
    csv('enrolments.csv', `${ENROLMENTS}st-liam,north-high,2024-02-01,2026-11-27\nst-liam,southbay-primary,2026-11-30,\n`),
  ]);
  t.deepEqual(report, { ok: true, files: ['enrolments.csv'], counts: { enrolments: { created: 1, updated: 1, unchanged: 0 } }, casesMoved: 1 });
  t.like(await d.db.case.findUniqueOrThrow({ where: { reference: '00098604' } }), { schoolId: 'north-high', currentSchoolId: 'southbay-primary', leftReferringSchool: true });
  // Southbay's Attendance Lead lists it and may open it; North High's Office Support no longer can.
  t.true((await listed('sam.lee')).includes('00098604'));
  t.false((await listed('susan.wildes')).includes('00098604'));
  const record = (await findCase(d.sql, '00098604'))!;
  t.true(can(actor('sam.lee'), 'view', record));
  t.false(can(actor('oscar.tane'), 'view', record));
  // Mere, its named Primary Contact at the school that asked, keeps it.
  t.true(can(actor('mere.ngata'), 'view', record));
  t.true((await listed('mere.ngata')).includes('00098604'));
});

// ---------- the command ----------

const run = promisify(execFile);

async function cli(database: TestDatabase, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'import', '--', ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: database.url, DATA_DIR: database.dir, SESSION_SECRET: 'test-secret-test-secret-test-secret-0123', LOG_LEVEL: 'silent' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('npm run import: exits 1 and prints every problem for a bad file, 0 and the counts for good ones', async (t) => {
  const d = await freshDatabase({ demo: true });
  t.teardown(() => d.close());
  const bad = await cli(d, [path.join(fixtures, 'one-bad-row')]);
  t.is(bad.code, 1);
  t.is(bad.stderr.trim(), 'Nothing was imported: 1 problem to fix.\nstudents.csv:5 nsn: "13400002" is not a National Student Number (9 or 10 digits)');
  t.is(await d.db.student.count({ where: { id: 'st-kiri' } }), 0);

  const good = await cli(d, [path.join(fixtures, 'valid')]);
  t.is(good.code, 0, good.stderr);
  t.is(
    good.stdout.trim(),
    [
      'Imported catchments.csv, providers.csv, schools.csv, students.csv, enrolments.csv:',
      '  catchments  1 created, 0 updated, 2 unchanged',
      '  providers   2 created, 0 updated, 1 unchanged',
      '  schools     2 created, 0 updated, 1 unchanged',
      '  students    3 created, 1 updated, 1 unchanged',
      '  enrolments  3 created, 0 updated, 1 unchanged',
      '  cases moved to the school their student is enrolled at today: 0',
    ].join('\n'),
  );
  t.is(await d.db.student.count({ where: { id: 'st-kiri' } }), 1);
});
