// Issue 6 in a real browser: the Delegated Authoriser invites someone and hands Mere Ngata's cases
// to another contact before removing her role; the operator imports reference data and finds a
// case's workflow. Each page checked with axe-core; screenshots kept.
import path from 'node:path';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { Browser, Page } from 'playwright-core';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflows, startTemporal } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { accessibilityViolations, launchBrowser, screenshot } from '../helpers/browser';
import { recipients } from '../helpers/mailbox';
import { projectRoot } from '../../config';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap; stack: Stack; browser: Browser }>;

test.before(async (t) => {
  t.context.env = await startTemporal();
  t.context.bundle = await bundleWorkflows();
  t.context.stack = await startStack({ env: t.context.env, bundle: t.context.bundle, listen: true, adopt: true });
  t.context.browser = await launchBrowser();
});
test.after.always(async (t) => {
  await t.context.browser?.close();
  await t.context.stack?.close();
  await t.context.env?.teardown();
});

async function as(t: ExecutionContext<{ stack: Stack; browser: Browser }>, name: string): Promise<Page> {
  const context = await t.context.browser.newContext({ baseURL: t.context.stack.baseUrl, bypassCSP: true });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await page.getByRole('heading', { name: 'Attendance service' }).waitFor();
  return page;
}

const accessible = async (t: ExecutionContext, page: Page, where: string) =>
  t.deepEqual(await accessibilityViolations(page), [], `accessibility problems on ${where}`);

test.serial('Dana invites Ruth as Office Support, then hands Mere’s cases to David before removing her Primary Contact role', async (t) => {
  const { stack } = t.context;
  const page = await as(t, 'Dana Reid');
  await page.getByRole('navigation').getByRole('link', { name: 'Manage access' }).click();
  await page.getByRole('link', { name: 'North High School' }).click();
  await page.getByRole('heading', { name: 'North High School' }).waitFor();
  await accessible(t, page, 'the school’s access page');
  await screenshot(page, 'access-1-school-people');

  await page.getByRole('link', { name: 'Invite someone' }).click();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await page.getByText('There is a problem').waitFor();
  await accessible(t, page, 'the invitation form with errors');
  await page.getByLabel('Full name').fill('Ruth Parata');
  await page.getByLabel('Email address').fill('ruth.parata@northhigh.school.example');
  await page.getByLabel('Office Support').check();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await page.getByText('Ruth Parata has been given access and emailed an invitation.').waitFor();
  t.truthy(await page.getByRole('cell', { name: 'ruth.parata@northhigh.school.example' }).count());
  await stack.mailbox.waitFor((m) => recipients(m).includes('ruth.parata@northhigh.school.example'));
  await screenshot(page, 'access-2-invited');

  const mereCases = await stack.database.db.case.findMany({ where: { primaryContactId: 'mere.ngata', closedAt: null }, select: { reference: true } });
  t.true(mereCases.length > 0, 'the demo data names Mere on open cases');
  await page.getByRole('button', { name: 'Remove Primary Contact from Mere Ngata' }).click();
  await page.getByRole('heading', { name: /Choose a new Primary Contact for each open case first/ }).waitFor();
  await accessible(t, page, 'the hand-over page');
  await screenshot(page, 'access-3-hand-over');
  // Confirming with no choices: each case gets its own error, and nothing is removed.
  await page.getByRole('button', { name: 'Remove Primary Contact' }).click();
  await page.getByText('There is a problem').waitFor();
  t.is(await stack.database.db.roleAssignment.count({ where: { userId: 'mere.ngata', role: 'PRIMARY_CONTACT' } }), 1);
  for (const c of mereCases) await page.getByLabel(`New Primary Contact for case ${c.reference}`).selectOption({ label: 'David Smith' });
  await page.getByRole('button', { name: 'Remove Primary Contact' }).click();
  await page.getByRole('heading', { name: 'North High School' }).waitFor();
  t.is(await stack.database.db.roleAssignment.count({ where: { userId: 'mere.ngata', role: 'PRIMARY_CONTACT' } }), 0);
  for (const c of mereCases) {
    t.is((await stack.database.db.case.findUniqueOrThrow({ where: { reference: c.reference } })).primaryContactId, 'david.smith', `case ${c.reference} is David's now`);
  }
  t.truthy(await page.locator('#history-h').count(), 'the access history is on the page');
  await accessible(t, page, 'the access page after the hand-over');
  await screenshot(page, 'access-4-history');
});

test.serial('Pat imports reference data from CSV files and opens a case’s workflow in Temporal’s Web UI', async (t) => {
  const page = await as(t, 'Pat Operator');
  await page.getByRole('navigation').getByRole('link', { name: 'Operations' }).click();
  await page.getByRole('heading', { name: 'Operations' }).waitFor();
  await accessible(t, page, 'the operator’s page');
  const folder = path.join(projectRoot, 'test/fixtures/reference/valid');
  await page.getByLabel('CSV files').setInputFiles(['catchments.csv', 'providers.csv', 'schools.csv', 'students.csv', 'enrolments.csv'].map((f) => path.join(folder, f)));
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByText(/Imported catchments\.csv, providers\.csv, schools\.csv, students\.csv, enrolments\.csv\./).waitFor();
  await accessible(t, page, 'the import report');
  await screenshot(page, 'operator-1-imported');
  await page.getByLabel('Case reference').fill('00098601');
  await page.getByRole('button', { name: 'Find case' }).click();
  const link = page.getByRole('link', { name: 'case-00098601 in Temporal’s Web UI' });
  await link.waitFor();
  t.regex((await link.getAttribute('href')) ?? '', /\/namespaces\/[^/]+\/workflows\/case-00098601$/);
  await accessible(t, page, 'the case lookup');
  await screenshot(page, 'operator-2-case-lookup');
});
