// The case lists filter in SQL; the case page asks the permission module. For every demo person and
// every demo case they must agree, or someone would see a case in a list they cannot open (or the
// reverse). Runs on SQLite, and on PostgreSQL when TEST_POSTGRES_URL is set.
import anyTest, { type TestFn } from 'ava';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { listCases } from '../../web/queries/caseList';
import { findCase } from '../../web/queries/caseRecord';
import { can, caseListScope } from '../../domain/permissions';
import type { Actor, Role } from '../../domain/roles';
import { CASES, USERS } from '../../prisma/demoData';

const test = anyTest as TestFn<{ sqlite: TestDatabase; postgres?: TestDatabase }>;

test.before(async (t) => {
  t.context.sqlite = await freshDatabase({ dialect: 'sqlite' });
  if (process.env.TEST_POSTGRES_URL) t.context.postgres = await freshDatabase({ dialect: 'postgres' });
});
test.after.always(async (t) => {
  await t.context.sqlite?.close();
  await t.context.postgres?.close();
});

const actors: Actor[] = USERS.map((u) => ({
  id: u.id,
  name: u.name,
  email: u.email,
  roles: u.roles.map((r) => ({ role: r.role as Role, schoolId: r.schoolId ?? null, providerId: r.providerId ?? null })),
}));

async function agree(t: import('ava').ExecutionContext, database: TestDatabase) {
  for (const actor of actors) {
    const scope = caseListScope(actor);
    const listed = new Set<string>();
    for (const view of ['active', 'closed'] as const) {
      const page = await listCases(database.sql, scope, { view, sort: 'opened', dir: 'desc', page: 1, pageSize: 100 });
      // The count shown comes from the tallies the triggers keep; it must match the rows.
      t.is(page.total, page.rows.length, `${actor.id}: ${view} count`);
      for (const r of page.rows) listed.add(r.reference);
    }
    for (const c of CASES) {
      const record = await findCase(database.sql, c.reference);
      t.truthy(record);
      t.is(listed.has(c.reference), can(actor, 'view', record!), `${actor.id} and case ${c.reference}`);
    }
  }
}

/** Moves cases around the way the workflow and enrolment changes do, so the tallies are tested after writes too. */
async function shuffle(database: TestDatabase) {
  const { db } = database;
  await db.case.update({ where: { reference: '00098604' }, data: { ownerId: 'jane.doe', status: 'ASSIGNED' } });
  await db.case.update({ where: { reference: '00098602' }, data: { status: 'CLOSED', closedAt: new Date() } });
  await db.case.update({ where: { reference: '00098606' }, data: { status: 'IN_PROGRESS', closedAt: null } });
  await db.case.update({ where: { reference: '00098612' }, data: { primaryContactId: 'david.smith', primaryContactName: 'David Smith' } });
  await db.case.update({ where: { reference: '00098611' }, data: { currentSchoolId: null, leftReferringSchool: true } });
}

test('on SQLite, every list shows exactly the cases the person may open', async (t) => {
  await agree(t, t.context.sqlite);
  await shuffle(t.context.sqlite);
  await agree(t, t.context.sqlite);
});

test('on PostgreSQL, every list shows exactly the cases the person may open', async (t) => {
  if (!t.context.postgres) {
    t.fail('TEST_POSTGRES_URL is not set: `npm test` starts PostgreSQL and sets it');
    return;
  }
  await agree(t, t.context.postgres);
  await shuffle(t.context.postgres);
  await agree(t, t.context.postgres);
});

test('the demo scopes are as DESIGN.md describes them', async (t) => {
  const fresh = await freshDatabase({ dialect: 'sqlite' });
  t.teardown(() => fresh.close());
  const count = async (id: string, view: 'active' | 'closed') =>
    (await listCases(fresh.sql, caseListScope(actors.find((a) => a.id === id)!), { view, sort: 'opened', dir: 'desc', page: 1, pageSize: 100 })).total;
  t.is(await count('susan.wildes', 'active'), 4); // North High's students today (Ruby moved away)
  t.is(await count('david.smith', 'active'), 3); // his own as Primary Contact, Ruby's included
  t.is(await count('oscar.tane', 'active'), 4);
  t.is(await count('dana.reid', 'active'), 0);
  t.is(await count('sam.lee', 'active'), 3); // Southbay's two and Ruby's
  t.is(await count('jane.doe', 'active'), 4); // the ones she owns
  t.is(await count('wiremu.hohaia', 'active'), 5); // all of Northwood's, the unassigned one too
  t.is(await count('hana.rua', 'active'), 1);
  t.is(await count('aria.kahu', 'closed'), 1);
});
