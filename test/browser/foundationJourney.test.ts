// The foundation journey in a real browser: an Attendance Lead signs in, requests support for an
// enrolled student page by page, lands on the new case; the Workflow Lead signs in and finds it.
import anyTest, { type TestFn } from 'ava';
import type { Browser } from 'playwright-core';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflows, startTemporal } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { accessibilityViolations, launchBrowser, screenshot } from '../helpers/browser';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap; stack: Stack; browser: Browser }>;

test.before(async (t) => {
  t.context.env = await startTemporal();
  t.context.bundle = await bundleWorkflows();
  t.context.stack = await startStack({ env: t.context.env, bundle: t.context.bundle, listen: true });
  t.context.browser = await launchBrowser();
});
test.after.always(async (t) => {
  await t.context.browser?.close();
  await t.context.stack?.close();
  await t.context.env?.teardown();
});

test('Susan Wildes requests support for Noah Williams; Wiremu Hohaia finds the new case waiting for an owner', async (t) => {
  const { stack, browser } = t.context;
  const context = await browser.newContext({ baseURL: stack.baseUrl, bypassCSP: true });
  const page = await context.newPage();
  const checkA11y = async (where: string) => {
    const violations = await accessibilityViolations(page);
    t.deepEqual(violations, [], `accessibility problems on ${where}: ${JSON.stringify(violations, null, 1)}`);
  };

  await page.goto('/');
  await t.notThrowsAsync(page.waitForURL(/\/login/));
  await checkA11y('the sign-in page');
  await page.getByRole('button', { name: 'Sign in as Susan Wildes' }).click();
  await page.getByRole('heading', { name: 'Attendance service' }).waitFor();
  await checkA11y('the home page');
  t.truthy(await page.getByRole('heading', { name: 'Active cases (4)' }).count());

  await page.getByRole('link', { name: 'Chronic Absence request for support' }).first().click();
  await page.getByRole('button', { name: 'Start Request' }).click();

  // Page 1: find the student.
  await page.getByLabel('Student name or National Student Number (NSN)').fill('Noah');
  await page.getByRole('button', { name: 'Find student' }).click();
  await page.getByLabel(/Noah Williams/).check();
  await checkA11y('the student page');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Page 2: a mistake first, then put right.
  await page.getByLabel('Attendance rate this term (%)').fill('seventy');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await checkA11y('a page with errors');
  t.is(await page.getByLabel('Attendance rate this term (%)').inputValue(), 'seventy');
  await page.getByLabel('Attendance rate this term (%)').fill('64');
  await page.getByLabel('Days missed this term').fill('15');
  await page.getByLabel('Whole days missed').check();
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Page 3.
  await page.getByLabel('What are your concerns about the student?').fill('Noah has missed most Mondays this term.');
  await page.getByLabel('What has the school already tried?').fill('Phone calls home and a meeting with his dean.');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Page 4.
  await page.getByLabel("Parent, whānau member or caregiver's name").fill('Tania Williams');
  await page.getByLabel('Relationship to the student').fill('Mother');
  await page.getByLabel('Phone number').fill('021 555 0199');
  await page.getByLabel('Yes').check();
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Page 5: the Primary Contact.
  await page.getByLabel('School Primary Contact').selectOption({ label: 'David Smith (david.smith@northhigh.school.example)' });
  await page.getByLabel('Their phone number').fill('09 444 1002');
  await page.getByLabel('Their email address').fill('david.smith@northhigh.school.example');
  await page.getByRole('button', { name: 'Continue to review' }).click();

  await page.getByRole('heading', { name: 'Check your answers' }).waitFor();
  await checkA11y('the review page');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('heading', { name: 'Request submitted' }).waitFor();
  const reference = /\/cases\/(\d{8})/.exec(page.url())?.[1];
  t.truthy(reference);
  t.truthy(await page.getByText('allocated to Northwood Attendance Service').count());
  await checkA11y('the new case');
  await screenshot(page, 'foundation-1-case-submitted');

  await page.getByRole('link', { name: 'Home' }).click();
  t.truthy(await page.getByRole('heading', { name: 'Active cases (5)' }).count());
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.getByRole('button', { name: 'Sign in as Wiremu Hohaia' }).click();
  await page.getByRole('heading', { name: 'Waiting for a case owner (2)' }).waitFor();
  await screenshot(page, 'foundation-2-workflow-lead-queue');
  await page.getByRole('link', { name: reference! }).first().click();
  t.truthy(await page.getByText('Not yet assigned').count());
  t.truthy(await page.getByText('Noah Williams').count());
  await context.close();

  const mail = await stack.mailbox.waitFor((m) => m.subject?.includes(reference!) ?? false);
  t.true(mail.text?.includes(`/cases/${reference}`));
});
