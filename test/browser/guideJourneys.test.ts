// The schools' quick reference guide, section by section, in a real browser (Debian's chromium,
// playwright-core), each page checked with axe-core and a screenshot kept in test-results/:
// navigate the home page (and find help), add a comment, upload files, change the Primary Contact, view shared
// content. (Submitting a request is in foundationJourney.test.ts.)
import path from 'node:path';
import anyTest, { type TestFn } from 'ava';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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

async function signedIn(t: import('ava').ExecutionContext<{ stack: Stack; browser: Browser }>, name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await t.context.browser.newContext({ baseURL: t.context.stack.baseUrl, bypassCSP: true });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await page.getByRole('heading', { name: 'Attendance service' }).waitFor();
  return { context, page };
}

const noViolations = async (t: import('ava').ExecutionContext, page: Page, where: string) => {
  const violations = await accessibilityViolations(page);
  t.deepEqual(violations, [], `accessibility problems on ${where}: ${JSON.stringify(violations, null, 1)}`);
};

/** The guide's first step of every task: find the case in Active cases with the search field, open it. */
async function openFromActiveCases(page: Page, search: string, reference: string) {
  await page.getByRole('link', { name: 'Active cases', exact: true }).first().click();
  await page.getByLabel('Search by reference or learner name').fill(search);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.getByRole('link', { name: reference, exact: true }).click();
  await page.getByRole('heading', { name: reference }).waitFor();
}

test.serial('Navigate the Attendance Service home page: services, drafts, active and closed cases', async (t) => {
  const { context, page } = await signedIn(t, 'Susan Wildes');
  for (const heading of ['Services (1)', 'Draft requests (1)', 'Active cases (4)', 'Closed cases (1)']) {
    t.truthy(await page.getByRole('heading', { name: heading }).count(), heading);
  }
  await noViolations(t, page, 'the home page');
  await screenshot(page, 'guide-1-home-page');
  // Resume the draft where it was left.
  await page.getByRole('link', { name: /Resume draft/ }).first().click();
  t.regex(page.url(), /\/requests\/999229931\/step\/2$/);
  // Closed cases are readable.
  await page.getByRole('link', { name: 'Closed cases', exact: true }).first().click();
  await page.getByRole('link', { name: '00098606' }).click();
  t.truthy(await page.getByText('Case closed: Attendance improved').count());
  // Help with any of it is one link away, in every page's footer, and names who gives access.
  await page.getByRole('link', { name: 'Help using the Attendance service' }).click();
  await page.getByRole('heading', { name: 'Help using the Attendance service' }).waitFor();
  t.truthy(await page.getByRole('cell', { name: /Dana Reid/ }).count(), 'Susan is told who her school’s Delegated Authoriser is');
  await noViolations(t, page, 'the help page');
  await screenshot(page, 'guide-0-help');
  await context.close();
});

test.serial('Add a case comment: Susan finds the case, adds a comment; it is on the timeline and the Case Manager is told', async (t) => {
  const { context, page } = await signedIn(t, 'Susan Wildes');
  await openFromActiveCases(page, 'Solomona', '00098601');
  await page.getByRole('link', { name: 'Add Comment' }).click();
  await noViolations(t, page, 'the Add Comment page');
  await page.getByLabel('Comment').fill('Fa’atali’s aunt will bring her to school this week.');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByText('Your comment has been added.').waitFor();
  t.truthy(await page.getByText('Fa’atali’s aunt will bring her to school this week.').count());
  await screenshot(page, 'guide-2-comment-on-timeline');
  const mail = await t.context.stack.mailbox.waitFor((m) => m.subject === 'New comment on case 00098601');
  t.deepEqual(recipients(mail), ['jane.doe@northwood.provider.example']);
  await context.close();
});

test.serial('Upload files to a case: David picks two files at once; both are on the timeline', async (t) => {
  const { context, page } = await signedIn(t, 'David Smith');
  await openFromActiveCases(page, '00098601', '00098601');
  await page.getByRole('link', { name: 'Upload Files' }).click();
  await noViolations(t, page, 'the Upload Files page');
  await page.getByLabel('Files').setInputFiles([
    path.join(projectRoot, 'test/fixtures/attendance-letter.pdf'),
    path.join(projectRoot, 'test/fixtures/student-id-card.png'),
  ]);
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.getByText('Your 2 files have been uploaded.').waitFor();
  t.truthy(await page.getByRole('link', { name: 'attendance-letter.pdf' }).count());
  t.truthy(await page.getByRole('link', { name: 'student-id-card.png' }).count());
  await screenshot(page, 'guide-3-files-on-timeline');
  // A file over the limit is refused on the same page, saying why.
  await page.getByRole('link', { name: 'Upload Files' }).click();
  await page.getByLabel('Files').setInputFiles({ name: 'huge-scan.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(21 * 1024 * 1024)]) });
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  t.truthy(await page.getByText('“huge-scan.pdf” is larger than 20 MB').count());
  await noViolations(t, page, 'the upload error');
  await screenshot(page, 'guide-3b-file-too-large');
  await context.close();
});

test.serial('Change the Primary Contact: Susan finds Mere, checks her details, adds a note and changes the contact', async (t) => {
  const { context, page } = await signedIn(t, 'Susan Wildes');
  await openFromActiveCases(page, 'Bloggs', '00098602');
  await page.getByRole('link', { name: 'Change Primary Contact' }).click();
  await page.getByLabel('School Primary Contact Name').fill('Mere');
  await page.getByRole('button', { name: 'Find Contact' }).click();
  await page.getByRole('link', { name: 'Choose Mere Ngata' }).click();
  t.is(await page.getByLabel('Email address').inputValue(), 'mere.ngata@northhigh.school.example');
  await page.getByLabel('Phone Number').fill('09 444 1003 ext 12');
  await page.getByLabel('Notes (optional)').fill('Best before 10am; not Wednesdays.');
  await noViolations(t, page, 'the Change Primary Contact page');
  await screenshot(page, 'guide-4-change-primary-contact');
  await page.getByRole('button', { name: 'Change Contact' }).click();
  await page.getByText('The Primary Contact has been updated.').waitFor();
  t.truthy(await page.getByText('Primary Contact changed from David Smith to Mere Ngata').count());
  const mail = await t.context.stack.mailbox.waitFor((m) => m.subject === 'You are now the Primary Contact for case 00098602');
  t.deepEqual(recipients(mail), ['mere.ngata@northhigh.school.example']);
  await context.close();
});

test.serial('View shared content on a case: the Related tab lists requests, services, files and comments shared with the school', async (t) => {
  const { context, page } = await signedIn(t, 'David Smith');
  await openFromActiveCases(page, 'Solomona', '00098601');
  await page.getByRole('link', { name: 'Related' }).click();
  for (const heading of ['Requests (1)', 'Services (2)', 'Case Comments']) t.truthy(await page.getByRole('heading', { name: new RegExp(`^${heading.replace(/[()]/g, '\\$&')}`) }).count(), heading);
  t.truthy(await page.getByText('Request - 999229901').count());
  t.truthy(await page.getByText('Public Health Nurse').count());
  t.truthy(await page.getByText('Student returned to school today after three consecutive sick days.').count());
  t.is(await page.getByText('Internal: check in with the public health nurse').count(), 0);
  await noViolations(t, page, 'the Related tab');
  await screenshot(page, 'guide-5-related-tab');
  await context.close();
});
