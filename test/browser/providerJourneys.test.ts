// The provider's half in a real browser: the Workflow Lead assigns a waiting case to a Case
// Manager; the Case Manager works it (status, a shared comment, a service referral, sharing) and
// closes it; the Workflow Lead reopens it. Each page checked with axe-core; screenshots kept.
import anyTest, { type TestFn } from 'ava';
import type { Browser, Page } from 'playwright-core';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflows, startTemporal } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { accessibilityViolations, launchBrowser, screenshot } from '../helpers/browser';
import { recipients } from '../helpers/mailbox';

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

async function as(t: import('ava').ExecutionContext<{ stack: Stack; browser: Browser }>, name: string): Promise<Page> {
  const context = await t.context.browser.newContext({ baseURL: t.context.stack.baseUrl, bypassCSP: true });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await page.getByRole('heading', { name: 'Attendance service' }).waitFor();
  return page;
}

const accessible = async (t: import('ava').ExecutionContext, page: Page, where: string) =>
  t.deepEqual(await accessibilityViolations(page), [], `accessibility problems on ${where}`);

test.serial('the Workflow Lead assigns a waiting case to a Case Manager, seeing each one’s open cases', async (t) => {
  const page = await as(t, 'Wiremu Hohaia');
  t.truthy(await page.getByRole('heading', { name: 'Waiting for a case owner (1)' }).count());
  await accessible(t, page, 'the Workflow Lead’s home');
  await screenshot(page, 'provider-1-workflow-lead-queue');
  await page.getByRole('link', { name: '00098604' }).first().click();
  await page.getByRole('link', { name: 'Assign owner' }).click();
  t.truthy(await page.getByText('4 open cases').count(), 'Jane’s open cases');
  t.truthy(await page.getByText('0 open cases').count(), 'Tom’s open cases');
  await accessible(t, page, 'the assign owner page');
  await page.getByLabel(/Tom Walker/).check();
  await page.getByRole('button', { name: 'Assign' }).click();
  await page.getByText('The case owner has been assigned and told.').waitFor();
  t.truthy(await page.getByText('Case owner set to Tom Walker').count());
  const mail = await t.context.stack.mailbox.waitFor((m) => m.subject === 'Case 00098604 has been assigned to you');
  t.deepEqual(recipients(mail), ['tom.walker@northwood.provider.example']);
  await screenshot(page, 'provider-2-owner-assigned');
});

test.serial('the Case Manager works the case: in progress, a shared comment, a service referral, then closes it; the Workflow Lead reopens it', async (t) => {
  const page = await as(t, 'Tom Walker');
  t.truthy(await page.getByRole('heading', { name: 'My cases (1)' }).count());
  await page.getByRole('link', { name: '00098604' }).first().click();

  await page.getByRole('link', { name: 'Change status' }).click();
  await page.getByLabel('In progress').check();
  await page.getByRole('button', { name: 'Change status' }).click();
  await page.getByText('The status has been changed.').waitFor();

  await page.getByRole('link', { name: 'Add Comment' }).click();
  await page.getByLabel('Comment', { exact: true }).fill('Met Liam and his mum; a morning routine plan agreed.');
  await page.getByLabel('Share this comment with the school').check();
  await page.getByLabel('This records contact with the school’s Primary Contact').check();
  await accessible(t, page, 'the provider’s Add Comment page');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByText('Your comment has been added.').waitFor();
  t.truthy(await page.getByText('Shared with school').count());

  await page.getByRole('link', { name: 'Add service referral' }).first().click();
  await page.getByLabel('Service name').fill('Youth mentoring');
  await page.getByLabel('Service Provider').fill('Big Brothers Big Sisters');
  await accessible(t, page, 'the service referral page');
  await page.getByRole('button', { name: 'Add service referral' }).click();
  await page.getByText('The service referral has been saved.').waitFor();
  await page.getByRole('button', { name: /Share with school/ }).first().click();
  await page.getByText('Shared with the school.').waitFor();
  await screenshot(page, 'provider-3-related-with-referral');

  await page.getByRole('link', { name: 'Activity' }).click();
  await page.getByRole('link', { name: 'Close case' }).click();
  await page.getByLabel('Closure reason').selectOption('Attendance improved');
  await page.getByLabel('Closure summary').fill('Attendance above 90% for four weeks with the morning plan.');
  await accessible(t, page, 'the close page');
  await page.getByRole('button', { name: 'Close case' }).click();
  await page.getByText('The case has been closed.').waitFor();
  t.truthy(await page.getByText('Case closed: Attendance improved').count());
  await screenshot(page, 'provider-4-closed');
  const toSchool = await t.context.stack.mailbox.waitFor((m) => m.subject === 'Case 00098604 has been closed');
  t.deepEqual(recipients(toSchool), ['mere.ngata@northhigh.school.example']);

  // The school sees the shared comment and referral, and the closure.
  const mere = await as(t, 'Mere Ngata');
  await mere.goto('/cases/00098604/related');
  t.truthy(await mere.getByText('Met Liam and his mum; a morning routine plan agreed.').count());
  t.truthy(await mere.getByText('Youth mentoring').count());

  const wiremu = await as(t, 'Wiremu Hohaia');
  await wiremu.goto('/cases/00098604');
  await wiremu.getByRole('link', { name: 'Reopen case' }).click();
  await wiremu.getByLabel('Why is the case being reopened?').fill('Absences started again after the holidays.');
  await wiremu.getByRole('button', { name: 'Reopen case' }).click();
  await wiremu.getByText('The case has been reopened.').waitFor();
  t.truthy(await wiremu.getByText('Case reopened: Absences started again after the holidays.').count());
  await screenshot(wiremu, 'provider-5-reopened');
});
