// The permission matrix of DESIGN.md §2, rule by rule, on the permission module itself. (The
// portal's routes are tested against the same rules through HTTP in test/web.)
import test from 'ava';
import { allowedActions, can, canReadContent, canReadEvent, canSeeDraft, canStartRequest, caseListScope, type CaseFacts } from '../../domain/permissions';
import type { Actor, Role } from '../../domain/roles';

const actor = (id: string, ...grants: [Role, string][]): Actor => ({
  id,
  name: id,
  email: `${id}@example.test`,
  roles: grants.map(([role, org]) => ({
    role,
    schoolId: org.startsWith('school:') ? org.slice(7) : null,
    providerId: org.startsWith('provider:') ? org.slice(9) : null,
  })),
});

const pc = actor('david', ['PRIMARY_CONTACT', 'school:north']);
const otherPc = actor('mere', ['PRIMARY_CONTACT', 'school:north']);
const os = actor('oscar', ['OFFICE_SUPPORT', 'school:north']);
const al = actor('susan', ['ATTENDANCE_LEAD', 'school:north']);
const da = actor('dana', ['DELEGATED_AUTHORISER', 'school:north']);
const otherSchoolAl = actor('sam', ['ATTENDANCE_LEAD', 'school:south']);
const cm = actor('jane', ['CASE_MANAGER', 'provider:northwood']);
const otherCm = actor('joe', ['CASE_MANAGER', 'provider:northwood']);
const wl = actor('wiremu', ['WORKFLOW_LEAD', 'provider:northwood']);
const otherWl = actor('lee', ['WORKFLOW_LEAD', 'provider:southbay']);

const theCase: CaseFacts = {
  schoolId: 'north',
  enrolledSchoolIds: ['north'],
  primaryContactId: 'david',
  providerId: 'northwood',
  ownerId: 'jane',
  status: 'IN_PROGRESS',
};

const everyone = { pc, otherPc, os, al, da, otherSchoolAl, cm, otherCm, wl, otherWl };
const expectOnly = (t: import('ava').ExecutionContext, action: Parameters<typeof can>[1], allowed: (keyof typeof everyone)[]) => {
  for (const [name, a] of Object.entries(everyone)) {
    t.is(can(a, action, theCase), allowed.includes(name as keyof typeof everyone), `${action} by ${name}`);
  }
};

test('seeing a case: its Primary Contact, the school’s Office Support and Attendance Leads, its owner, and the provider’s Workflow Lead', (t) => {
  expectOnly(t, 'view', ['pc', 'os', 'al', 'cm', 'wl']);
});

test('commenting and uploading: the same people who may see the case', (t) => {
  expectOnly(t, 'comment', ['pc', 'os', 'al', 'cm', 'wl']);
  expectOnly(t, 'uploadFiles', ['pc', 'os', 'al', 'cm', 'wl']);
});

test('changing the Primary Contact: school staff only', (t) => {
  expectOnly(t, 'changePrimaryContact', ['pc', 'os', 'al']);
});

test('sharing provider content, managing the case: its owner and the Workflow Lead', (t) => {
  expectOnly(t, 'shareProviderContent', ['cm', 'wl']);
  expectOnly(t, 'manage', ['cm', 'wl']);
});

test('assigning the owner: the Workflow Lead only', (t) => {
  expectOnly(t, 'assignOwner', ['wl']);
});

test('a Primary Contact who lost the role loses the case', (t) => {
  const former = actor('david');
  t.false(can(former, 'view', theCase));
});

test('school scope follows current enrolment, not the school that asked', (t) => {
  const moved: CaseFacts = { ...theCase, enrolledSchoolIds: ['south'] };
  t.false(can(al, 'view', moved), 'the old school’s Attendance Lead no longer sees it');
  t.true(can(otherSchoolAl, 'view', moved), 'the new school’s Attendance Lead does');
  t.true(can(pc, 'view', moved), 'the named Primary Contact keeps it');
});

test('reading school-written content: Office Support reads only what they wrote', (t) => {
  const bySusan = { authorSide: 'SCHOOL', authorId: 'susan', shared: false };
  const byOscar = { authorSide: 'SCHOOL', authorId: 'oscar', shared: false };
  t.true(canReadContent(pc, theCase, bySusan));
  t.true(canReadContent(al, theCase, byOscar));
  t.true(canReadContent(cm, theCase, bySusan));
  t.true(canReadContent(wl, theCase, bySusan));
  t.false(canReadContent(os, theCase, bySusan));
  t.true(canReadContent(os, theCase, byOscar));
  t.false(canReadContent(otherSchoolAl, theCase, bySusan));
});

test('reading provider content: the school sees only what was shared, Office Support none of it', (t) => {
  const internal = { authorSide: 'PROVIDER', authorId: 'jane', shared: false };
  const shared = { authorSide: 'PROVIDER', authorId: 'jane', shared: true };
  for (const a of [pc, al, os]) t.false(canReadContent(a, theCase, internal));
  t.true(canReadContent(pc, theCase, shared));
  t.true(canReadContent(al, theCase, shared));
  t.false(canReadContent(os, theCase, shared));
  t.true(canReadContent(cm, theCase, internal));
  t.true(canReadContent(wl, theCase, internal));
  t.false(canReadContent(otherCm, theCase, internal));
});

test('provider-only timeline entries stay with the provider', (t) => {
  t.false(canReadEvent(al, theCase, 'PROVIDER'));
  t.true(canReadEvent(cm, theCase, 'PROVIDER'));
  t.true(canReadEvent(os, theCase, 'ALL'));
  t.false(canReadEvent(otherWl, theCase, 'ALL'));
});

test('requests: school staff with a case role start them; drafts are their own', (t) => {
  for (const a of [pc, os, al]) t.true(canStartRequest(a));
  for (const a of [da, cm, wl]) t.false(canStartRequest(a));
  t.true(canSeeDraft(al, { createdById: 'susan', schoolId: 'north' }));
  t.false(canSeeDraft(pc, { createdById: 'susan', schoolId: 'north' }));
  t.false(canSeeDraft(otherSchoolAl, { createdById: 'sam', schoolId: 'north' }));
});

test('rights are the union of a person’s roles', (t) => {
  const both = actor('hana', ['CASE_MANAGER', 'provider:northwood'], ['WORKFLOW_LEAD', 'provider:northwood']);
  const actions = allowedActions(both, { ...theCase, ownerId: 'hana' });
  t.true(actions.assignOwner);
  t.true(actions.manage);
  t.false(actions.changePrimaryContact);
});

test('the list scope names the same people the case rule does', (t) => {
  t.deepEqual(caseListScope(al).enrolledAtSchools, ['north']);
  t.deepEqual(caseListScope(os).enrolledAtSchools, ['north']);
  t.deepEqual(caseListScope(pc).primaryContactSchools, ['north']);
  t.deepEqual(caseListScope(pc).enrolledAtSchools, []);
  t.deepEqual(caseListScope(wl).ledProviders, ['northwood']);
  t.deepEqual(caseListScope(cm).ownedAtProviders, ['northwood']);
  t.deepEqual(caseListScope(da), { actorId: 'dana', primaryContactSchools: [], enrolledAtSchools: [], ownedAtProviders: [], ledProviders: [] });
});
