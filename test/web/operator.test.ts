// The operator's page through HTTP, on the real stack: health and counts, who may see it, the
// reference data import (with its CSRF token, refusals and report), and finding a case's workflow.
import fs from 'node:fs';
import path from 'node:path';
import anyTest, { type TestFn } from 'ava';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { useStackPerTest, useTemporal } from '../helpers/temporal';
import type { Stack } from '../helpers/stack';
import { Browser, people } from '../helpers/web';
import { projectRoot } from '../../config';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap; stack: Stack }>;
const fixtures = path.join(projectRoot, 'test/fixtures/reference');

useTemporal(test);
useStackPerTest(test);

async function signedIn(stack: Stack, email: string) {
  const b = new Browser(stack.app);
  await b.signIn(email);
  return b;
}

/** Posts the import form as a browser does: the CSRF token first, then the files. */
async function importFiles(b: Browser, folder: string, token?: string) {
  const page = await b.get('/operator');
  let req = b.agent.post('/operator/import').field('_csrf', token ?? /name="_csrf" value="([^"]*)"/.exec(page.text)?.[1] ?? '');
  for (const name of fs.readdirSync(path.join(fixtures, folder))) req = req.attach('files', fs.readFileSync(path.join(fixtures, folder, name)), name);
  return req;
}

const row = (label: string, value: number | string) => `<tr><th scope="row">${label}</th><td>${value}</td></tr>`;

test('Pat (Operator) sees the health of the database and Temporal, and how much data there is', async (t) => {
  const { stack } = t.context;
  const pat = await signedIn(stack, people.pat);
  const res = await pat.get('/operator');
  t.is(res.status, 200);
  t.true(res.text.includes('<h1 class="heading-l">Operations</h1>'));
  t.regex(res.text, /<th scope="row">Database<\/th>\s*<td><span class="tag tag--IN_PROGRESS">OK<\/span><\/td>\s*<td>\d+ ms<\/td>/);
  t.regex(res.text, /<th scope="row">Temporal<\/th>\s*<td><span class="tag tag--IN_PROGRESS">OK<\/span><\/td>\s*<td>\d+ ms<\/td>/);
  const { db } = stack.database;
  t.true(res.text.includes(row('Catchments', 2)));
  t.true(res.text.includes(row('Providers', 3)));
  t.true(res.text.includes(row('Schools', 3)));
  t.true(res.text.includes(row('Students', await db.student.count())));
  t.true(res.text.includes(row('Enrolments', await db.enrolment.count())));
  t.true(res.text.includes(row('Users', await db.user.count())));
  t.true(res.text.includes(row('Open cases', await db.case.count({ where: { closedAt: null } }))));
  t.true(res.text.includes(row('Closed cases', await db.case.count({ where: { closedAt: { not: null } } }))));
});

test('anyone but an operator is told the page does not exist; someone signed out is sent to sign in', async (t) => {
  const { stack } = t.context;
  for (const email of [people.susan, people.wiremu]) {
    const b = await signedIn(stack, email);
    t.is((await b.get('/operator')).status, 404, email);
    t.is((await b.get('/operator?reference=00098601')).status, 404, email);
    const home = await b.get('/');
    const token = /name="_csrf" value="([^"]*)"/.exec(home.text)?.[1] ?? '';
    const posted = await b.agent.post('/operator/import').field('_csrf', token).attach('files', fs.readFileSync(path.join(fixtures, 'valid/students.csv')), 'students.csv');
    t.is(posted.status, 404, email);
  }
  t.is(await stack.database.db.student.count({ where: { id: 'st-kiri' } }), 0);
  const visitor = new Browser(stack.app);
  const res = await visitor.get('/operator');
  t.is(res.status, 303);
  t.is(res.headers.location, '/login?next=%2Foperator');
});

test('importing through the page shows what was created, updated and left unchanged', async (t) => {
  const { stack } = t.context;
  const pat = await signedIn(stack, people.pat);
  const res = await importFiles(pat, 'valid');
  t.is(res.status, 200, res.text.slice(0, 500));
  t.true(res.text.includes('Imported catchments.csv, providers.csv, schools.csv, students.csv, enrolments.csv.'));
  t.true(res.text.includes('<tr><th scope="row">students</th><td>3</td><td>1</td><td>1</td></tr>'));
  t.true(res.text.includes('<tr><th scope="row">enrolments</th><td>3</td><td>0</td><td>1</td></tr>'));
  t.true(res.text.includes(row('Schools', 5)), 'the counts on the page include the import');
  t.is(await stack.database.db.student.count({ where: { id: { in: ['st-kiri', 'st-ben', 'st-anahera'] } } }), 3);
  // The same files again: nothing to do.
  const again = await importFiles(pat, 'valid');
  t.true(again.text.includes('<tr><th scope="row">students</th><td>0</td><td>0</td><td>5</td></tr>'));
});

test('a bad file: every problem listed by file, line and column, and nothing imported', async (t) => {
  const { stack } = t.context;
  const pat = await signedIn(stack, people.pat);
  const before = await stack.database.db.school.count();
  const res = await importFiles(pat, 'one-bad-row');
  t.is(res.status, 400);
  t.true(res.text.includes('Nothing was imported: the files have 1 problem, listed below. Fix them and import the files again.'));
  t.true(res.text.includes('<tr><td>students.csv</td><td>5</td><td>nsn</td><td>&quot;13400002&quot; is not a National Student Number (9 or 10 digits)</td></tr>'));
  t.is(await stack.database.db.school.count(), before);
  t.is(await stack.database.db.student.count({ where: { id: 'st-kiri' } }), 0);
});

test('an import with a missing or forged CSRF token is refused and imports nothing', async (t) => {
  const { stack } = t.context;
  const pat = await signedIn(stack, people.pat);
  const forged = await importFiles(pat, 'valid', 'forged-token-forged-token-forged-token-xxx');
  t.is(forged.status, 403);
  t.true(forged.text.includes('Your form has expired'));
  const missing = await pat.agent.post('/operator/import').attach('files', fs.readFileSync(path.join(fixtures, 'valid/schools.csv')), 'schools.csv');
  t.is(missing.status, 403);
  t.is(await stack.database.db.school.count(), 3);
});

test('finding a case by reference shows it from the database and links to its workflow in Temporal’s Web UI', async (t) => {
  const { stack } = t.context;
  const pat = await signedIn(stack, people.pat);
  const res = await pat.get('/operator?reference=00098605');
  t.is(res.status, 200);
  const { uiUrl, namespace } = stack.config.temporal;
  const link = `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/case-00098605`;
  t.true(res.text.includes(`<a href="${link}">case-00098605 in Temporal’s Web UI</a>`));
  t.true(res.text.includes('<tr><th scope="row">School that asked</th><td>North High School</td></tr>'));
  t.true(res.text.includes('<tr><th scope="row">Enrolled today at</th><td>Southbay Primary School</td></tr>'), 'Ruby moved');
  t.true(res.text.includes('<tr><th scope="row">Provider</th><td>Northwood Attendance Service</td></tr>'));
  t.true(res.text.includes('value="00098605"'));
  // The latest cases, each with its workflow link.
  t.true(res.text.includes(`<a href="${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/case-00098622">case-00098622</a>`));
});

test('a reference that is not 8 digits, or names no case, gets a message and keeps what was typed', async (t) => {
  const { stack } = t.context;
  const pat = await signedIn(stack, people.pat);
  const short = await pat.get('/operator?reference=9860%3Cb%3E');
  t.is(short.status, 400);
  t.true(short.text.includes('“9860&lt;b&gt;” is not a case reference: a case reference is 8 digits, like 00098601'));
  t.true(short.text.includes('value="9860&lt;b&gt;"'));
  t.true(short.text.includes('class="error-summary"'));
  const empty = await pat.get('/operator?reference=+');
  t.is(empty.status, 400);
  t.true(empty.text.includes('Enter a case reference, like 00098601'));
  const unknown = await pat.get('/operator?reference=00000001');
  t.is(unknown.status, 404);
  t.true(unknown.text.includes('There is no case 00000001. Check the reference and try again.'));
  t.true(unknown.text.includes('value="00000001"'));
});
