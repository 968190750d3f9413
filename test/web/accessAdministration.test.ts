// Issue 6, "Delegated Authoriser": a school's DA (Dana Reid, North High) and a provider's Workflow
// Lead (Wiremu Hohaia, Northwood) manage who has access, through HTTP on the whole stack (real
// Temporal dev server with the demo cases' workflows, a real database file, real SMTP on loopback).
// Each rule is checked by what the people concerned can then do on their next request.
import anyTest, { type TestFn } from 'ava';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { useStackPerTest, useTemporal } from '../helpers/temporal';
import type { Stack } from '../helpers/stack';
import { Browser, people } from '../helpers/web';
import { recipients } from '../helpers/mailbox';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap; stack: Stack }>;

useTemporal(test);
useStackPerTest(test, { adopt: true });

const NORTH_HIGH = '/access/schools/north-high';
const NORTHWOOD = '/access/providers/northwood-as';
/** How the app shows a time (domain/dates.ts): 03/12/2026 4:05 PM. */
const SHOWN_TIME = /<time datetime="[^"]+">\d{2}\/\d{2}\/\d{4} \d{1,2}:\d{2} (AM|PM)<\/time>/;

async function signedIn(stack: Stack, email: string) {
  const b = new Browser(stack.app);
  await b.signIn(email);
  return b;
}

/** The Access history table of an organisation page, one string per row, newest first. */
function historyRows(html: string): string[] {
  const table = html.slice(html.indexOf('id="history-h"'));
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()).filter((r) => !r.startsWith('When'));
}

const rolesOf = async (stack: Stack, userId: string) =>
  (await stack.database.db.roleAssignment.findMany({ where: { userId }, orderBy: { role: 'asc' } })).map((r) => `${r.role}@${r.orgKey}`);

test('a Delegated Authoriser with no other role is sent to Manage access, and sees her school’s people and roles', async (t) => {
  const { stack } = t.context;
  const dana = await signedIn(stack, people.dana);
  const home = await dana.get('/');
  t.is(home.status, 200);
  t.true(home.text.includes('href="/access"'), 'the header and the home page link to Manage access');
  t.true(home.text.includes('Give people at your organisation access'));
  t.false(home.text.includes('you do not have access to any cases'));
  const index = await dana.get('/access');
  t.is(index.status, 200);
  t.true(index.text.includes(`<a href="${NORTH_HIGH}">North High School</a>`));
  t.false(index.text.includes('Southbay'));
  const page = await dana.get(NORTH_HIGH);
  t.is(page.status, 200);
  for (const [name, email, role] of <[string, string, string][]>[
    ['Susan Wildes', people.susan, 'Attendance Lead'],
    ['David Smith', people.david, 'Primary Contact'],
    ['Mere Ngata', people.mere, 'Primary Contact'],
    ['Oscar Tane', people.oscar, 'Office Support'],
    ['Dana Reid', people.dana, 'Delegated Authoriser'],
  ]) {
    const row = page.text.slice(page.text.indexOf(`<td>${name}`));
    t.true(row.includes(email), `${name}'s email is listed`);
    t.true(row.slice(0, row.indexOf('</tr>')).includes(role), `${name} is listed as ${role}`);
    t.true(row.slice(0, row.indexOf('</tr>')).includes('Active'));
  }
  t.false(page.text.includes('Sam Lee'), 'people of other schools are not listed');
  // The actions each row offers are the ones the routes carry out.
  t.true(page.text.includes(`action="${NORTH_HIGH}/people/oscar.tane/remove"`));
  t.true(page.text.includes(`action="${NORTH_HIGH}/people/oscar.tane/grant"`));
  t.true(page.text.includes(`action="${NORTH_HIGH}/people/oscar.tane/deactivate"`));
  t.true(page.text.includes(`href="${NORTH_HIGH}/invite"`));
  t.false(page.text.includes('<option value="CASE_MANAGER"'), 'only school roles are offered');
  t.false(page.text.includes(`${NORTH_HIGH}/people/dana.reid/deactivate`), 'no button to deactivate herself');
  t.false(page.text.includes('name="role" value="DELEGATED_AUTHORISER"'), 'no button to remove a Delegated Authoriser');
  t.true(page.text.includes('No changes to access have been made here yet.'));
});

test('granting Office Support lets David see North High’s cases on his next request; granting it again changes nothing and says so', async (t) => {
  const { stack } = t.context;
  const david = await signedIn(stack, people.david);
  t.false((await david.get('/cases?view=active')).text.includes('00098603'), 'before: only the cases he is Primary Contact on');
  t.is((await david.get('/cases/00098603')).status, 404);
  const dana = await signedIn(stack, people.dana);
  await dana.get(NORTH_HIGH);
  const granted = await dana.post(`${NORTH_HIGH}/people/david.smith/grant`, { role: 'OFFICE_SUPPORT' });
  t.is(granted.status, 303);
  t.true((await dana.get(granted.headers.location!)).text.includes('David Smith now has the Office Support role.'));
  // His existing session picks the role up on its next request.
  t.true((await david.get('/cases?view=active')).text.includes('00098603'));
  t.is((await david.get('/cases/00098603')).status, 200);
  const again = await dana.post(`${NORTH_HIGH}/people/david.smith/grant`, { role: 'OFFICE_SUPPORT' });
  const page = await dana.get(again.headers.location!);
  t.true(page.text.includes('David Smith already has the Office Support role: nothing was changed.'));
  t.deepEqual(await rolesOf(stack, 'david.smith'), ['OFFICE_SUPPORT@school:north-high', 'PRIMARY_CONTACT@school:north-high'], 'one row, not two');
  const history = historyRows(page.text);
  t.is(history.length, 1, 'the second grant changed nothing, so recorded nothing');
  t.regex(history[0]!, /^\d{2}\/\d{2}\/\d{4} \d{1,2}:\d{2} (AM|PM) Dana Reid Gave the Office Support role David Smith david\.smith@northhigh\.school\.example/);
  t.regex(page.text, SHOWN_TIME);
});

test('two grants of the same role at the same moment make one role and one history entry', async (t) => {
  const { stack } = t.context;
  const dana = await signedIn(stack, people.dana);
  await dana.get(NORTH_HIGH);
  const both = await Promise.all([0, 1].map(() => dana.post(`${NORTH_HIGH}/people/mere.ngata/grant`, { role: 'ATTENDANCE_LEAD' })));
  t.deepEqual(both.map((r) => r.status), [303, 303]);
  t.deepEqual(both.map((r) => /done=([a-z-]+)/.exec(r.headers.location!)?.[1]).sort(), ['already-held', 'granted']);
  t.is(await stack.database.db.roleAssignment.count({ where: { userId: 'mere.ngata', role: 'ATTENDANCE_LEAD' } }), 1);
  t.is(await stack.database.db.accessChange.count({ where: { targetUserId: 'mere.ngata', action: 'GRANT' } }), 1);
});

test('removing a role ends that access at the person’s next request; removing it again says so', async (t) => {
  const { stack } = t.context;
  const oscar = await signedIn(stack, people.oscar);
  t.is((await oscar.get('/cases/00098601')).status, 200, 'Office Support sees the school’s cases');
  const dana = await signedIn(stack, people.dana);
  await dana.get(NORTH_HIGH);
  t.is((await dana.post(`${NORTH_HIGH}/people/oscar.tane/grant`, { role: 'PRIMARY_CONTACT' })).status, 303);
  const removed = await dana.post(`${NORTH_HIGH}/people/oscar.tane/remove`, { role: 'OFFICE_SUPPORT' });
  t.is(removed.status, 303, 'no cases depend on the role and others remain: removed at once');
  t.true((await dana.get(removed.headers.location!)).text.includes('Oscar Tane no longer has the Office Support role.'));
  t.is((await oscar.get('/cases/00098601')).status, 404, 'his next request no longer reaches the school’s cases');
  t.is((await oscar.get('/')).status, 200, 'he is still signed in with the role he has left');
  const again = await dana.post(`${NORTH_HIGH}/people/oscar.tane/remove`, { role: 'OFFICE_SUPPORT' });
  const page = await dana.get(again.headers.location!);
  t.true(page.text.includes('Oscar Tane no longer has the Office Support role: nothing was changed.'));
  const history = historyRows(page.text);
  t.is(history.length, 2);
  t.true(history[0]!.includes('Dana Reid Removed the Office Support role Oscar Tane'), 'newest first');
  t.true(history[1]!.includes('Dana Reid Gave the Primary Contact role Oscar Tane'));
});

test('inviting a new person emails them the sign-in link; signed in, they see exactly what Office Support at North High allows', async (t) => {
  const { stack } = t.context;
  const dana = await signedIn(stack, people.dana);
  t.is((await dana.get(`${NORTH_HIGH}/invite`)).status, 200);
  const sent = await dana.post(`${NORTH_HIGH}/invite`, { name: 'Aroha Te Whare', email: ' Aroha.TeWhare@northhigh.school.example ', roles: 'OFFICE_SUPPORT' });
  t.is(sent.status, 303);
  t.true((await dana.get(sent.headers.location!)).text.includes('Aroha Te Whare has been given access and emailed an invitation.'));
  const mail = await stack.mailbox.waitFor((m) => recipients(m).includes('aroha.tewhare@northhigh.school.example'));
  t.is(mail.subject, 'Dana Reid gave you access to the Attendance Service for North High School');
  t.true(mail.text?.includes('Kia ora Aroha Te Whare'));
  t.true(mail.text?.includes('- Office Support'));
  t.true(mail.text?.includes('Sign in at http://portal.test/login with your Education Sector Logon'));
  t.true(String(mail.html).includes('<a href="http://portal.test/login">'));
  const user = await stack.database.db.user.findUniqueOrThrow({ where: { email: 'aroha.tewhare@northhigh.school.example' } });
  t.true(user.active);
  t.is(user.name, 'Aroha Te Whare');
  t.is((await stack.database.db.emailMessage.findFirstOrThrow({ where: { template: 'invitation' } })).status, 'SENT', 'in the outbound log');

  const aroha = await signedIn(stack, 'aroha.tewhare@northhigh.school.example');
  const active = await aroha.get('/cases?view=active');
  t.is(active.status, 200);
  for (const reference of ['00098601', '00098602', '00098603', '00098604']) t.true(active.text.includes(reference), `North High case ${reference} listed`);
  for (const reference of ['00098605', '00098611', '00098612', '00098621']) t.false(active.text.includes(reference), `${reference} (another school's student) not listed`);
  t.is((await aroha.get('/cases/00098601')).status, 200);
  t.is((await aroha.get('/cases/00098611')).status, 404, 'a Southbay case is as if it did not exist');
  t.is((await aroha.get('/access')).status, 403);
  t.is((await aroha.get(NORTH_HIGH)).status, 404);
  const history = historyRows((await dana.get(NORTH_HIGH)).text);
  t.true(history.some((r) => r.includes('Dana Reid Invited Aroha Te Whare') && r.includes('Invitation emailed to aroha.tewhare@northhigh.school.example (new account)')));
  t.true(history.some((r) => r.includes('Dana Reid Gave the Office Support role Aroha Te Whare')));
});

test('an invitation with a missing name, a bad email or no role is refused with the reason, keeping what was typed', async (t) => {
  const { stack } = t.context;
  const dana = await signedIn(stack, people.dana);
  await dana.get(`${NORTH_HIGH}/invite`);
  const before = await stack.database.db.user.count();
  const noName = await dana.post(`${NORTH_HIGH}/invite`, { name: '  ', email: 'kiri@northhigh.school.example', roles: 'PRIMARY_CONTACT' });
  t.is(noName.status, 400);
  t.true(noName.text.includes('Enter the person’s full name'));
  t.true(noName.text.includes('value="kiri@northhigh.school.example"'));
  t.regex(noName.text, /id="role-PRIMARY_CONTACT" name="roles" value="PRIMARY_CONTACT" checked/);
  const badEmail = await dana.post(`${NORTH_HIGH}/invite`, { name: 'Kiri Paul', email: 'kiri at northhigh', roles: 'PRIMARY_CONTACT' });
  t.is(badEmail.status, 400);
  t.true(badEmail.text.includes('Enter the email address in the right format, like name@school.example'));
  t.true(badEmail.text.includes('value="Kiri Paul"'));
  t.true(badEmail.text.includes('value="kiri at northhigh"'));
  const noRole = await dana.post(`${NORTH_HIGH}/invite`, { name: 'Kiri Paul', email: 'kiri@northhigh.school.example' });
  t.is(noRole.status, 400);
  t.true(noRole.text.includes('Choose at least one role'));
  const long = 'K'.repeat(101);
  const tooLong = await dana.post(`${NORTH_HIGH}/invite`, { name: long, email: 'kiri@northhigh.school.example', roles: 'PRIMARY_CONTACT' });
  t.is(tooLong.status, 400);
  t.true(tooLong.text.includes('The name must be 100 characters or fewer (it is 101)'));
  t.true(tooLong.text.includes(`value="${long}"`));
  const caseManager = await dana.post(`${NORTH_HIGH}/invite`, { name: 'Kiri Paul', email: 'kiri@northhigh.school.example', roles: 'CASE_MANAGER' });
  t.is(caseManager.status, 400);
  t.true(caseManager.text.includes('You cannot give the Case Manager role here.'));
  t.is(await stack.database.db.user.count(), before, 'no one was created');
  t.is(await stack.database.db.accessChange.count(), 0);
  t.is(await stack.database.db.emailMessage.count({ where: { template: 'invitation' } }), 0, 'no invitation sent');
  t.false((await stack.mailbox.messages()).some((m) => m.subject?.includes('gave you access')));
});

test('deactivating someone ends their sessions at once and dev sign-in is refused; inviting them again reactivates them', async (t) => {
  const { stack } = t.context;
  const oscar = await signedIn(stack, people.oscar);
  t.is((await oscar.get('/cases/00098601')).status, 200);
  const dana = await signedIn(stack, people.dana);
  await dana.get(NORTH_HIGH);
  const asked = await dana.post(`${NORTH_HIGH}/people/oscar.tane/deactivate`);
  t.is(asked.status, 200, 'a confirmation page first');
  t.true(asked.text.includes('Deactivate Oscar Tane'));
  t.true(asked.text.includes('will lose every role at North High School (Office Support) at their next page. If they have no access anywhere else, their account is deactivated, they are signed out everywhere at once'));
  t.true((await stack.database.db.user.findUniqueOrThrow({ where: { id: 'oscar.tane' } })).active, 'nothing changed yet');
  t.is((await oscar.get('/cases/00098601')).status, 200);
  const done = await dana.post(`${NORTH_HIGH}/people/oscar.tane/deactivate`, { confirm: 'yes' });
  t.is(done.status, 303);
  const refused = await oscar.get('/cases/00098601');
  t.is(refused.status, 303, 'his already signed-in browser is refused on its next request');
  t.regex(refused.headers.location ?? '', /^\/login/);
  t.false((await stack.database.db.user.findUniqueOrThrow({ where: { id: 'oscar.tane' } })).active);
  t.deepEqual(await rolesOf(stack, 'oscar.tane'), []);
  t.is(await stack.database.db.session.count({ where: { userId: 'oscar.tane' } }), 0);
  const again = new Browser(stack.app);
  await again.get('/login');
  const signIn = await again.post('/login/dev', { email: people.oscar, next: '/' });
  t.is(signIn.status, 400, 'dev sign-in refused');
  const page = await dana.get(done.headers.location!);
  t.true(page.text.includes('Oscar Tane has been deactivated and signed out everywhere.'));
  const former = page.text.slice(page.text.indexOf('id="former-h"'));
  t.true(former.includes('Oscar Tane') && former.includes('Deactivated'), 'listed as deactivated');
  const history = historyRows(page.text);
  t.true(history[0]!.includes('Deactivated Oscar Tane') || history[1]!.includes('Deactivated Oscar Tane'));
  t.true(history.some((r) => r.includes('Dana Reid Removed the Office Support role Oscar Tane')));
  t.true(history.some((r) => r.includes('Account deactivated: no access anywhere now')));
  // Deactivating again changes nothing.
  const twice = await dana.post(`${NORTH_HIGH}/people/oscar.tane/deactivate`, { confirm: 'yes' });
  t.true((await dana.get(twice.headers.location!)).text.includes('Oscar Tane has no access here any more: nothing was changed.'));

  // Invited again with the same email: the same account, active again, with the new role.
  const reinvited = await dana.post(`${NORTH_HIGH}/invite`, { name: 'Oscar Tane', email: people.oscar, roles: 'PRIMARY_CONTACT' });
  t.is(reinvited.status, 303);
  await stack.mailbox.waitFor((m) => recipients(m).includes(people.oscar) && m.subject === 'Dana Reid gave you access to the Attendance Service for North High School');
  t.true((await stack.database.db.user.findUniqueOrThrow({ where: { id: 'oscar.tane' } })).active);
  t.deepEqual(await rolesOf(stack, 'oscar.tane'), ['PRIMARY_CONTACT@school:north-high']);
  t.true(historyRows((await dana.get(NORTH_HIGH)).text).some((r) => r.includes('Dana Reid Reactivated Oscar Tane')));
  await again.signIn(people.oscar);
  t.is((await again.get('/')).status, 200);
});

test('removing the last Attendance Lead shows the consequence first; only an explicit confirm removes it', async (t) => {
  const { stack } = t.context;
  const dana = await signedIn(stack, people.dana);
  await dana.get(NORTH_HIGH);
  const warned = await dana.post(`${NORTH_HIGH}/people/susan.wildes/remove`, { role: 'ATTENDANCE_LEAD' });
  t.is(warned.status, 200);
  t.true(warned.text.includes('Susan Wildes is the only Attendance Lead at North High School.'));
  t.true(warned.text.includes('Remove Attendance Lead'));
  t.deepEqual(await rolesOf(stack, 'susan.wildes'), ['ATTENDANCE_LEAD@school:north-high'], 'not removed by the first post');
  const confirmed = await dana.post(`${NORTH_HIGH}/people/susan.wildes/remove`, { role: 'ATTENDANCE_LEAD', confirm: 'yes' });
  t.is(confirmed.status, 303);
  t.deepEqual(await rolesOf(stack, 'susan.wildes'), []);
  t.true(historyRows((await dana.get(NORTH_HIGH)).text)[0]!.includes('Dana Reid Removed the Attendance Lead role Susan Wildes'));
});

test('removing a Primary Contact named on open cases needs a new contact for each; the workflow changes every case, then the role goes', async (t) => {
  const { stack } = t.context;
  const dana = await signedIn(stack, people.dana);
  await dana.get(NORTH_HIGH);
  const asked = await dana.post(`${NORTH_HIGH}/people/david.smith/remove`, { role: 'PRIMARY_CONTACT' });
  t.is(asked.status, 200);
  t.true(asked.text.includes('David Smith is the Primary Contact on 3 open cases'));
  for (const reference of ['00098601', '00098602', '00098605']) t.true(asked.text.includes(`name="to-${reference}"`), `case ${reference} needs a new contact`);
  t.false(asked.text.includes('name="to-00098606"'), 'closed cases are not asked about');
  t.true(asked.text.includes('<option value="mere.ngata"'));
  t.true(asked.text.includes('<option value="susan.wildes"'));
  t.false(asked.text.includes('<option value="oscar.tane"'), 'Office Support cannot be a Primary Contact');
  t.false(asked.text.includes('<option value="david.smith"'));

  // One case left without a choice, one with someone who may not be a contact: nothing happens.
  const incomplete = await dana.post(`${NORTH_HIGH}/people/david.smith/remove`, { role: 'PRIMARY_CONTACT', confirm: 'yes', 'to-00098601': 'mere.ngata', 'to-00098602': 'oscar.tane' });
  t.is(incomplete.status, 400);
  t.true(incomplete.text.includes('Choose the new Primary Contact for case 00098602 (Joseph Bloggs)'));
  t.true(incomplete.text.includes('Choose the new Primary Contact for case 00098605 (Ruby Harris)'));
  t.false(incomplete.text.includes('Choose the new Primary Contact for case 00098601'));
  t.regex(incomplete.text, /<option value="mere.ngata" selected>/, 'the choice made is kept');
  t.is((await stack.database.db.case.findUniqueOrThrow({ where: { reference: '00098601' } })).primaryContactId, 'david.smith', 'no case changed');
  t.deepEqual(await rolesOf(stack, 'david.smith'), ['PRIMARY_CONTACT@school:north-high'], 'role not removed');

  const done = await dana.post(`${NORTH_HIGH}/people/david.smith/remove`, { role: 'PRIMARY_CONTACT', confirm: 'yes', 'to-00098601': 'mere.ngata', 'to-00098602': 'susan.wildes', 'to-00098605': 'mere.ngata' });
  t.is(done.status, 303, done.text?.slice(0, 500));
  const expected: Record<string, [string, string]> = { '00098601': ['mere.ngata', 'Mere Ngata'], '00098602': ['susan.wildes', 'Susan Wildes'], '00098605': ['mere.ngata', 'Mere Ngata'] };
  for (const [reference, [id, name]] of Object.entries(expected)) {
    const row = await stack.database.db.case.findUniqueOrThrow({ where: { reference } });
    t.is(row.primaryContactId, id, `case ${reference} has its new Primary Contact`);
    t.is(row.primaryContactName, name);
    const event = await stack.database.db.timelineEvent.findFirstOrThrow({ where: { caseId: row.id, kind: 'PRIMARY_CONTACT_CHANGED', actorName: 'Dana Reid' } });
    t.is(event.summary, `Primary Contact changed from David Smith to ${name}`);
  }
  t.deepEqual(await rolesOf(stack, 'david.smith'), []);
  const susan = await signedIn(stack, people.susan);
  const header = await susan.get('/cases/00098601');
  t.true(header.text.includes('Mere Ngata'), 'the case shows its new Primary Contact');
  // The workflow told the new contact, as a change on the case page would.
  await stack.mailbox.waitFor((m) => recipients(m).includes(people.mere) && /00098601/.test(m.subject ?? ''));
  const history = historyRows((await dana.get(NORTH_HIGH)).text);
  t.true(history[0]!.includes('Dana Reid Removed the Primary Contact role David Smith'));
  t.true(history[0]!.includes('Primary Contact changed first: 00098601 to Mere Ngata, 00098602 to Susan Wildes, 00098605 to Mere Ngata'));
});

test('the Workflow Lead manages Northwood’s staff: removing Jane Doe (Case Manager of open cases) needs a new owner for each, assigned through the workflow', async (t) => {
  const { stack } = t.context;
  const wiremu = await signedIn(stack, people.wiremu);
  const index = await wiremu.get('/access');
  t.true(index.text.includes(`<a href="${NORTHWOOD}">Northwood Attendance Service</a>`));
  const page = await wiremu.get(NORTHWOOD);
  t.is(page.status, 200);
  for (const name of ['Jane Doe', 'Tom Walker', 'Wiremu Hohaia']) t.true(page.text.includes(`<td>${name}`));
  t.true(page.text.includes(`action="${NORTHWOOD}/people/jane.doe/remove"`));
  t.false(page.text.includes('<option value="ATTENDANCE_LEAD"'), 'only provider roles are offered');
  t.false(page.text.includes(`${NORTHWOOD}/people/wiremu.hohaia/deactivate`), 'not himself');
  t.is((await wiremu.get('/access/providers/southbay-as')).status, 404, 'another provider');
  t.is((await wiremu.get(NORTH_HIGH)).status, 404, 'a school');
  t.is((await wiremu.post(`${NORTHWOOD}/people/tom.walker/grant`, { role: 'ATTENDANCE_LEAD' })).status, 403, 'a school role');
  const own = await wiremu.post(`${NORTHWOOD}/people/wiremu.hohaia/remove`, { role: 'WORKFLOW_LEAD' });
  t.is(own.status, 403, 'not his own Workflow Lead role');
  t.true(own.text.includes('You cannot remove your own Workflow Lead role'));

  const granted = await wiremu.post(`${NORTHWOOD}/people/tom.walker/grant`, { role: 'WORKFLOW_LEAD' });
  t.is(granted.status, 303);
  const tom = await signedIn(stack, people.tom);
  t.is((await tom.get(NORTHWOOD)).status, 200, 'a new Workflow Lead manages the staff too');

  const asked = await wiremu.post(`${NORTHWOOD}/people/jane.doe/remove`, { role: 'CASE_MANAGER' });
  t.is(asked.status, 200);
  t.true(asked.text.includes('Jane Doe is the case owner on 4 open cases'));
  for (const reference of ['00098601', '00098602', '00098603', '00098605']) t.true(asked.text.includes(`name="to-${reference}"`));
  t.true(asked.text.includes('<option value="tom.walker"'));
  t.false(asked.text.includes('<option value="jane.doe"'));
  const missing = await wiremu.post(`${NORTHWOOD}/people/jane.doe/remove`, { role: 'CASE_MANAGER', confirm: 'yes', 'to-00098601': 'tom.walker' });
  t.is(missing.status, 400);
  t.true(missing.text.includes('Choose the new case owner for case 00098603 (Aroha Wiremu)'));
  t.is((await stack.database.db.case.findUniqueOrThrow({ where: { reference: '00098601' } })).ownerId, 'jane.doe');
  const done = await wiremu.post(`${NORTHWOOD}/people/jane.doe/remove`, {
    role: 'CASE_MANAGER',
    confirm: 'yes',
    'to-00098601': 'tom.walker',
    'to-00098602': 'tom.walker',
    'to-00098603': 'tom.walker',
    'to-00098605': 'tom.walker',
  });
  t.is(done.status, 303, done.text?.slice(0, 500));
  for (const reference of ['00098601', '00098602', '00098603', '00098605']) {
    const row = await stack.database.db.case.findUniqueOrThrow({ where: { reference } });
    t.is(row.ownerId, 'tom.walker', `case ${reference} now owned by Tom`);
    const event = await stack.database.db.timelineEvent.findFirstOrThrow({ where: { caseId: row.id, kind: 'OWNER_ASSIGNED', actorName: 'Wiremu Hohaia' } });
    t.is(event.summary, 'Case owner changed from Jane Doe to Tom Walker', 'assigned through the workflow, as Wiremu');
  }
  t.deepEqual(await rolesOf(stack, 'jane.doe'), []);
  t.is((await tom.get('/cases/00098603')).status, 200);
  const history = historyRows((await wiremu.get(NORTHWOOD)).text);
  t.true(history[0]!.includes('Wiremu Hohaia Removed the Case Manager role Jane Doe'));
  t.true(history[0]!.includes('Case owner changed first: 00098601 to Tom Walker'));
  t.true(history.some((r) => r.includes('Wiremu Hohaia Gave the Workflow Lead role Tom Walker')));
});

test('refused: people who do not administer access, other schools, roles a Delegated Authoriser may not give, forged people and forged forms', async (t) => {
  const { stack } = t.context;
  for (const email of [people.oscar, people.susan, people.david, people.jane, people.pat]) {
    const b = await signedIn(stack, email);
    t.is((await b.get('/access')).status, 403, `${email} cannot manage access`);
    t.is((await b.get(NORTH_HIGH)).status, 404, `${email} does not know North High's access page`);
  }
  const sam = await signedIn(stack, people.sam);
  t.is((await sam.get(NORTH_HIGH)).status, 404);
  const dana = await signedIn(stack, people.dana);
  t.is((await dana.get('/access/schools/southbay-primary')).status, 404, 'another school');
  t.is((await dana.get('/access/schools/no-such-school')).status, 404);
  t.is((await dana.get(NORTHWOOD)).status, 404, 'a provider');
  await dana.get(NORTH_HIGH);
  const caseManager = await dana.post(`${NORTH_HIGH}/people/david.smith/grant`, { role: 'CASE_MANAGER' });
  t.is(caseManager.status, 403);
  t.true(caseManager.text.includes('You cannot give the Case Manager role at North High School.'));
  t.is((await dana.post(`${NORTH_HIGH}/people/david.smith/grant`, { role: 'DELEGATED_AUTHORISER' })).status, 403);
  t.is((await dana.post(`${NORTH_HIGH}/people/dana.reid/grant`, { role: 'OPERATOR' })).status, 403);
  t.is((await dana.post(`${NORTH_HIGH}/people/dana.reid/deactivate`, { confirm: 'yes' })).status, 403, 'not herself');
  t.is((await dana.post(`${NORTH_HIGH}/people/sam.lee/grant`, { role: 'PRIMARY_CONTACT' })).status, 404, 'someone of another school');
  t.is((await dana.post(`${NORTH_HIGH}/people/sam.lee/remove`, { role: 'ATTENDANCE_LEAD' })).status, 404);
  t.is((await dana.post(`${NORTH_HIGH}/people/sam.lee/deactivate`, { confirm: 'yes' })).status, 404);
  t.is((await dana.post(`${NORTH_HIGH}/people/nobody/grant`, { role: 'PRIMARY_CONTACT' })).status, 404);
  t.is((await dana.post('/access/schools/southbay-primary/people/sam.lee/remove', { role: 'ATTENDANCE_LEAD', confirm: 'yes' })).status, 404);
  const noToken = await dana.agent.post(`${NORTH_HIGH}/people/oscar.tane/grant`).type('form').send({ role: 'PRIMARY_CONTACT' });
  t.is(noToken.status, 403);
  t.true(noToken.text.includes('Your form has expired'));
  t.is((await dana.agent.post(`${NORTH_HIGH}/people/oscar.tane/deactivate`).type('form').send({ confirm: 'yes', _csrf: 'x'.repeat(43) })).status, 403);
  t.deepEqual(await rolesOf(stack, 'sam.lee'), ['ATTENDANCE_LEAD@school:southbay-primary']);
  t.deepEqual(await rolesOf(stack, 'oscar.tane'), ['OFFICE_SUPPORT@school:north-high']);
  t.deepEqual(await rolesOf(stack, 'david.smith'), ['PRIMARY_CONTACT@school:north-high']);
  t.is(await stack.database.db.accessChange.count(), 0, 'nothing recorded, because nothing changed');
});

test('someone with access elsewhere, deactivated at North High, loses North High at their next page but stays signed in for their other school', async (t) => {
  const { stack } = t.context;
  const dana = await signedIn(stack, people.dana);
  await dana.get(NORTH_HIGH);
  // Sam Lee (Southbay's Attendance Lead) already has an account: the invitation gives him the role.
  const invited = await dana.post(`${NORTH_HIGH}/invite`, { name: 'Samuel Lee', email: people.sam, roles: ['PRIMARY_CONTACT', 'OFFICE_SUPPORT'] as unknown as string }); // two boxes ticked: the field twice
  t.is(invited.status, 303);
  const mail = await stack.mailbox.waitFor((m) => recipients(m).includes(people.sam) && (m.subject ?? '').includes('gave you access'));
  t.true(mail.text?.includes('- Primary Contact\n- Office Support'));
  t.is((await stack.database.db.user.findUniqueOrThrow({ where: { id: 'sam.lee' } })).name, 'Sam Lee', 'the existing account, not a new one');
  const sam = await signedIn(stack, people.sam);
  t.is((await sam.get('/cases/00098601')).status, 200, 'now sees North High’s cases');
  const done = await dana.post(`${NORTH_HIGH}/people/sam.lee/deactivate`, { confirm: 'yes' });
  t.is(done.status, 303);
  t.true((await dana.get(done.headers.location!)).text.includes('Sam Lee no longer has access here. They keep their access elsewhere.'));
  t.true((await stack.database.db.user.findUniqueOrThrow({ where: { id: 'sam.lee' } })).active, 'still active: he works at Southbay too');
  t.deepEqual(await rolesOf(stack, 'sam.lee'), ['ATTENDANCE_LEAD@school:southbay-primary']);
  // The same session: North High is closed to him at once, Southbay is not (a DA of one school
  // cannot sign someone out of another).
  t.is((await sam.get('/cases/00098601')).status, 404);
  t.is((await sam.get('/cases/00098611')).status, 200);
  const page = await dana.get(NORTH_HIGH);
  t.true(page.text.includes('No access here (has access elsewhere)'));
  t.true(historyRows(page.text).some((r) => r.includes('Removed from this organisation; still has access elsewhere')));
});
