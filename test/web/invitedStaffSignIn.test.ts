// Issue 6, "Done when": a new school user is invited by the demo Delegated Authoriser, signs in with
// the Education Sector Logon (a real OpenID Connect provider on loopback, oidc-provider), and sees
// exactly what the permission matrix allows Office Support: on the whole stack (real Temporal dev
// server with the demo cases' workflows, a real database file, real SMTP on loopback).
import anyTest, { type TestFn } from 'ava';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { useTemporal } from '../helpers/temporal';
import { startStack } from '../helpers/stack';
import { IdpBrowser, startOidcProvider, type TestIdp } from '../helpers/oidcProvider';
import { PortalBrowser } from '../helpers/signInPortal';
import { Browser, people } from '../helpers/web';
import { recipients } from '../helpers/mailbox';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap; idp: TestIdp }>;

const REDIRECT_URI = 'http://portal.test/login/callback';
const RUTH = 'ruth.parata@northhigh.school.example';

useTemporal(test);
test.before(async (t) => {
  t.context.idp = await startOidcProvider({
    redirectUris: [REDIRECT_URI],
    identities: [{ sub: 'esl-ruth-parata', email: RUTH, email_verified: true, name: 'Ruth Parata' }],
  });
});
test.after.always(async (t) => {
  await t.context.idp?.close();
});

/** Presses the ESL button on the sign-in page and signs in at the provider as `sub`. */
async function signInWithEsl(b: PortalBrowser, sub: string) {
  const login = await b.get('/login');
  const href = /<a class="button" href="([^"]+)">/.exec(login.text)?.[1]?.replace(/&#x3D;/g, '=');
  if (!href?.startsWith('/login/esl')) throw new Error('no ESL button on the sign-in page');
  const pressed = await b.get(href);
  const back = await new IdpBrowser(REDIRECT_URI).signIn(pressed.headers.location!, sub);
  return b.get(back.pathname + back.search);
}

const formIdOf = (html: string) => /name="formId" value="([^"]*)"/.exec(html)?.[1] ?? '';

test('Dana invites Ruth as Office Support; Ruth signs in with her ESL and sees exactly what the matrix allows', async (t) => {
  const stack = await startStack({ env: t.context.env, bundle: t.context.bundle, adopt: true, configOverrides: t.context.idp.env });
  try {
    const db = stack.database.db;
    const ruth = new PortalBrowser(stack.app);

    // Before the invitation her ESL identity opens nothing: the ask-your-DA page, no session.
    const refused = await signInWithEsl(ruth, 'esl-ruth-parata');
    t.is(refused.status, 403);
    t.true(refused.text.includes('Delegated Authoriser'));
    t.is(ruth.session(), undefined);

    // A school comment by the Attendance Lead, which Office Support must not read (DESIGN.md §2).
    const susan = new Browser(stack.app);
    await susan.signIn(people.susan);
    const susanForm = await susan.get('/cases/00098601/comments/new');
    t.is((await susan.post('/cases/00098601/comments', { formId: formIdOf(susanForm.text), body: 'Spoke to the whānau about the bus timetable.' })).status, 303);

    const dana = new Browser(stack.app);
    await dana.signIn(people.dana);
    await dana.get('/access/schools/north-high/invite');
    const invited = await dana.post('/access/schools/north-high/invite', { name: 'Ruth Parata', email: RUTH, roles: 'OFFICE_SUPPORT' });
    t.is(invited.status, 303);
    const mail = await stack.mailbox.waitFor((m) => recipients(m).includes(RUTH));
    t.true(mail.text?.includes('Sign in at http://portal.test/login with your Education Sector Logon'));

    // She follows the link: the ESL signs her in, her account remembers the ESL subject.
    const signedIn = await signInWithEsl(ruth, 'esl-ruth-parata');
    t.is(signedIn.status, 303);
    t.is(signedIn.headers.location, '/');
    t.truthy(ruth.session());
    t.is((await db.user.findUniqueOrThrow({ where: { email: RUTH } })).oidcSubject, 'esl-ruth-parata');
    t.is((await ruth.get('/')).status, 200);

    // Lists: every open case of a student enrolled at North High today, and nothing else.
    const mine = await db.case.findMany({ where: { currentSchoolId: 'north-high', closedAt: null }, select: { reference: true } });
    const others = await db.case.findMany({ where: { OR: [{ currentSchoolId: { not: 'north-high' } }, { currentSchoolId: null }] }, select: { reference: true } });
    t.true(mine.length > 0 && mine.length <= 25 && others.length > 0);
    const list = await ruth.get('/cases?view=active');
    t.is(list.status, 200);
    for (const c of mine) t.true(list.text.includes(c.reference), `North High case ${c.reference} listed`);
    for (const c of others) {
      t.false(list.text.includes(c.reference), `${c.reference} not listed`);
      t.is((await ruth.get(`/cases/${c.reference}`)).status, 404, `${c.reference} is as if it did not exist`);
    }

    // Office Support may comment; reads only what she wrote of the school's comments.
    const form = await ruth.get('/cases/00098601/comments/new');
    t.is(form.status, 200);
    t.is((await ruth.post('/cases/00098601/comments', { formId: formIdOf(form.text), body: 'Ruth rang home; no answer.' })).status, 303);
    const page = await ruth.get('/cases/00098601');
    t.true(page.text.includes('Ruth rang home; no answer.'));
    t.false(page.text.includes('bus timetable'), 'the Attendance Lead’s comment is not for Office Support');
    t.is(await db.comment.count({ where: { body: 'Ruth rang home; no answer.', authorId: (await db.user.findUniqueOrThrow({ where: { email: RUTH } })).id } }), 1);

    // And nothing beyond the matrix: no provider actions, no access administration, no operations.
    await ruth.get('/cases/00098601');
    t.is((await ruth.post('/cases/00098601/owner', { ownerId: 'jane.doe' })).status, 403);
    t.is((await ruth.post('/cases/00098601/status', { status: 'IN_PROGRESS' })).status, 403);
    t.is((await ruth.get('/access')).status, 403);
    t.is((await ruth.get('/access/schools/north-high')).status, 404);
    t.is((await ruth.get('/operator')).status, 404);
  } finally {
    await stack.close();
  }
});
