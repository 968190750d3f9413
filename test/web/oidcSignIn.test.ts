// Signing in with the Education Sector Logon, against a real OpenID Connect provider on loopback
// (oidc-provider): the happy path, and every way a sign-in must be refused.
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import request from 'supertest';
import { IdpBrowser, startOidcProvider, type TestIdentity, type TestIdp } from '../helpers/oidcProvider';
import { PortalBrowser, startPortal, type Portal } from '../helpers/signInPortal';
import { people } from '../helpers/web';

const test = anyTest as TestFn<{ idp: TestIdp; portal: Portal }>;

const REDIRECT_URI = 'http://portal.test/login/callback';

// One provider identity per test (tests run at the same time), each for a different demo person.
const identities: TestIdentity[] = [
  { sub: 'esl-susan', email: people.susan, email_verified: true, name: 'Susan Wildes' },
  { sub: 'esl-sam', email: people.sam, email_verified: true, name: 'Sam Lee' },
  { sub: 'esl-aria', email: people.aria, email_verified: true, name: 'Aria Kahu' },
  { sub: 'esl-jane', email: people.jane, email_verified: true, name: 'Jane Doe' },
  { sub: 'esl-ken', email: people.ken, email_verified: true, name: 'Ken Moana' },
  { sub: 'esl-tom', email: people.tom, email_verified: true, name: 'Tom Walker' },
  { sub: 'esl-mere', email: people.mere, email_verified: true, name: 'Mere Ngata' },
  { sub: 'esl-david', email: people.david, email_verified: false, name: 'David Smith' },
  { sub: 'esl-lee-new', email: people.lee, email_verified: true, name: 'Lee Park' },
  { sub: 'esl-wiremu', email: people.wiremu, email_verified: true, name: 'Wiremu Hohaia' },
  { sub: 'esl-stranger', email: 'stranger@elsewhere.school.example', email_verified: true, name: 'A Stranger' },
];

test.before(async (t) => {
  t.context.idp = await startOidcProvider({ redirectUris: [REDIRECT_URI], identities });
  // A generous sign-in limit here: these tests fail sign-ins on purpose, all from 127.0.0.1.
  t.context.portal = await startPortal({ ...t.context.idp.env, SIGN_IN_RATE_LIMIT: '1000/1m' });
});
test.after.always(async (t) => {
  await t.context.portal?.close();
  await t.context.idp?.close();
});

/** Presses the ESL button; returns the provider's authorization address. */
async function pressEsl(b: PortalBrowser, next?: string): Promise<string> {
  const res = await b.get(next === undefined ? '/login/esl' : `/login/esl?next=${encodeURIComponent(next)}`);
  if (res.status !== 303) throw new Error(`the ESL button answered ${res.status}`);
  return res.headers.location!;
}

const pathOf = (u: URL) => u.pathname + u.search;
// Handlebars writes "=" in attributes as &#x3D;, which the browser reads back as "=".
const asBrowserReads = (html: string) => html.replace(/&#x3D;/g, '=');

/** The whole journey: the ESL button, the provider's login page as `sub`, back to the portal. */
async function signInWithEsl(b: PortalBrowser, sub: string, next?: string) {
  const back = await new IdpBrowser(REDIRECT_URI).signIn(await pressEsl(b, next), sub);
  return b.get(pathOf(back));
}

const sessionsOf = (portal: Portal, userId: string) => portal.database.db.session.count({ where: { userId } });
const userByEmail = (portal: Portal, email: string) => portal.database.db.user.findUniqueOrThrow({ where: { email } });

/** Refused with the Delegated Authoriser page, nothing about the email, and no session. */
async function assertNoAccess(t: ExecutionContext<unknown>, b: PortalBrowser, res: request.Response, email: string) {
  t.is(res.status, 403);
  t.true(res.text.includes('You do not have access to the Attendance Service'));
  t.true(res.text.includes("ask your school's Delegated Authoriser"));
  t.false(res.text.includes(email), 'the page does not echo the email address');
  t.is(b.session(), undefined, 'no session cookie');
  const home = await b.get('/');
  t.is(home.status, 303);
  t.regex(home.headers.location ?? '', /^\/login/);
}

test('the sign-in page shows the ESL button, keeping where the person was going', async (t) => {
  const res = await request(t.context.portal.app).get('/login?next=%2Fcases%3Fview%3Dclosed');
  t.is(res.status, 200);
  t.true(asBrowserReads(res.text).includes('href="/login/esl?next=%2Fcases%3Fview%3Dclosed">Sign in with Education Sector Logon (ESL)</a>'));
  // Dev mode still lists the demo people beside it.
  t.true(res.text.includes('Sign in as Susan Wildes'));
});

test('a school user signs in with ESL: matched by verified email the first time, by ESL subject after', async (t) => {
  const { portal, idp } = t.context;
  const b = new PortalBrowser(portal.app);
  const start = await b.get('/login/esl?next=%2Fcases%3Fview%3Dclosed');
  t.is(start.status, 303);
  const auth = new URL(start.headers.location!);
  t.is(auth.origin, idp.issuer);
  t.is(auth.searchParams.get('code_challenge_method'), 'S256');
  t.truthy(auth.searchParams.get('state'));
  t.truthy(auth.searchParams.get('nonce'));
  t.is(auth.searchParams.get('redirect_uri'), REDIRECT_URI);
  const back = await new IdpBrowser(REDIRECT_URI).signIn(auth.href, 'esl-susan');
  const done = await b.get(pathOf(back));
  t.is(done.status, 303);
  t.is(done.headers.location, '/cases?view=closed');
  const list = await b.get('/cases?view=closed');
  t.is(list.status, 200);
  t.true(list.text.includes('Susan Wildes'));
  t.is((await userByEmail(portal, people.susan)).oidcSubject, 'esl-susan', 'the ESL subject is remembered');

  // Her email changes at the ESL: the subject still finds her account.
  const identity = identities.find((i) => i.sub === 'esl-susan')!;
  identity.email = 'susan.wildes@new-address.school.example';
  try {
    const again = new PortalBrowser(portal.app);
    const second = await signInWithEsl(again, 'esl-susan');
    t.is(second.status, 303);
    t.is(second.headers.location, '/');
    const home = await again.get('/');
    t.is(home.status, 200);
    t.true(home.text.includes('Susan Wildes'));
  } finally {
    identity.email = people.susan;
  }
});

test('a crafted next pointing at another site is ignored after sign-in', async (t) => {
  const b = new PortalBrowser(t.context.portal.app);
  const res = await signInWithEsl(b, 'esl-sam', '//evil.example/steal');
  t.is(res.status, 303);
  t.is(res.headers.location, '/');
  const other = new PortalBrowser(t.context.portal.app);
  const res2 = await signInWithEsl(other, 'esl-sam', 'https://evil.example/');
  t.is(res2.headers.location, '/');
});

test('cancelling at the ESL (error=access_denied) shows "Sign-in did not complete" with a way to start again', async (t) => {
  const b = new PortalBrowser(t.context.portal.app);
  const back = await new IdpBrowser(REDIRECT_URI).cancel(await pressEsl(b, '/cases'));
  t.is(back.searchParams.get('error'), 'access_denied');
  const res = await b.get(pathOf(back));
  t.is(res.status, 400);
  t.true(res.text.includes('Sign-in did not complete'));
  t.true(res.text.includes('Signing in was cancelled'));
  t.true(asBrowserReads(res.text).includes('href="/login?next=%2Fcases"'));
  t.false(/at [\w/.]+\.[jt]s:\d+/.test(res.text), 'no stack trace');
  t.is(b.session(), undefined);
});

test('a callback with another state is refused, and the code is never exchanged', async (t) => {
  const { portal } = t.context;
  const b = new PortalBrowser(portal.app);
  const back = await new IdpBrowser(REDIRECT_URI).signIn(await pressEsl(b), 'esl-aria');
  back.searchParams.set('state', 'a-state-the-attacker-chose');
  const res = await b.get(pathOf(back));
  t.is(res.status, 400);
  t.true(res.text.includes('Sign-in did not complete'));
  t.is(b.session(), undefined);
  t.is(await sessionsOf(portal, (await userByEmail(portal, people.aria)).id), 0);
});

test('an ID token whose nonce is not the one this browser sent is refused', async (t) => {
  const { portal } = t.context;
  const b = new PortalBrowser(portal.app);
  const auth = new URL(await pressEsl(b));
  // The provider will sign an ID token carrying this nonce instead of the portal's.
  auth.searchParams.set('nonce', 'nonce-of-the-attacker');
  const back = await new IdpBrowser(REDIRECT_URI).signIn(auth.href, 'esl-jane');
  t.truthy(back.searchParams.get('code'), 'the provider issued a code');
  const res = await b.get(pathOf(back));
  t.is(res.status, 400);
  t.true(res.text.includes('could not be checked'));
  t.is(b.session(), undefined);
  t.is(await sessionsOf(portal, (await userByEmail(portal, people.jane)).id), 0);
});

test('replaying a callback (same code, same sign-in cookie) is refused and makes no second session', async (t) => {
  const { portal } = t.context;
  const b = new PortalBrowser(portal.app);
  const back = await new IdpBrowser(REDIRECT_URI).signIn(await pressEsl(b), 'esl-ken');
  const flowCookie = new Map(b.cookies);
  const first = await b.get(pathOf(back));
  t.is(first.status, 303);
  const ken = await userByEmail(portal, people.ken);
  t.is(await sessionsOf(portal, ken.id), 1);
  // An attacker who captured both the callback address and the sign-in cookie tries again.
  const attacker = new PortalBrowser(portal.app);
  for (const [k, v] of flowCookie) attacker.cookies.set(k, v);
  const replay = await attacker.get(pathOf(back));
  t.is(replay.status, 400);
  t.true(replay.text.includes('Sign-in did not complete'));
  t.is(attacker.session(), undefined);
  t.is(await sessionsOf(portal, ken.id), 1);
  // Without the cookie (the link followed in another browser) it is refused before the ESL is asked.
  const elsewhere = await new PortalBrowser(portal.app).get(pathOf(back));
  t.is(elsewhere.status, 400);
  t.true(elsewhere.text.includes('not started in this browser'));
});

test('an edited sign-in cookie is refused', async (t) => {
  const b = new PortalBrowser(t.context.portal.app);
  const back = await new IdpBrowser(REDIRECT_URI).signIn(await pressEsl(b), 'esl-wiremu');
  const [payload, mac] = b.cookies.get('signin')!.split('.');
  const flow = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
  flow.next = '//evil.example/';
  b.cookies.set('signin', `${Buffer.from(JSON.stringify(flow)).toString('base64url')}.${mac}`);
  const res = await b.get(pathOf(back));
  t.is(res.status, 400);
  t.is(b.session(), undefined);
});

test('an ESL identity with no account gets the Delegated Authoriser page and no session', async (t) => {
  const b = new PortalBrowser(t.context.portal.app);
  await assertNoAccess(t, b, await signInWithEsl(b, 'esl-stranger'), 'stranger@elsewhere.school.example');
});

test('a deactivated user gets the same page and no session', async (t) => {
  const { portal } = t.context;
  await portal.database.db.user.update({ where: { email: people.tom }, data: { active: false } });
  const b = new PortalBrowser(portal.app);
  await assertNoAccess(t, b, await signInWithEsl(b, 'esl-tom'), people.tom);
  t.is(await sessionsOf(portal, (await userByEmail(portal, people.tom)).id), 0);
});

test('a user whose roles were all removed gets the same page and no session', async (t) => {
  const { portal } = t.context;
  const mere = await userByEmail(portal, people.mere);
  await portal.database.db.roleAssignment.deleteMany({ where: { userId: mere.id } });
  const b = new PortalBrowser(portal.app);
  await assertNoAccess(t, b, await signInWithEsl(b, 'esl-mere'), people.mere);
  t.is(await sessionsOf(portal, mere.id), 0);
});

test('an email the ESL has not verified never opens an account', async (t) => {
  const { portal } = t.context;
  const b = new PortalBrowser(portal.app);
  await assertNoAccess(t, b, await signInWithEsl(b, 'esl-david'), people.david);
  t.is((await userByEmail(portal, people.david)).oidcSubject, null);
});

test('an account already linked to another ESL identity is not taken over by one with the same email', async (t) => {
  const { portal } = t.context;
  await portal.database.db.user.update({ where: { email: people.lee }, data: { oidcSubject: 'esl-lee-original' } });
  const b = new PortalBrowser(portal.app);
  await assertNoAccess(t, b, await signInWithEsl(b, 'esl-lee-new'), people.lee);
  t.is((await userByEmail(portal, people.lee)).oidcSubject, 'esl-lee-original');
});

test('when the ESL cannot be reached, the person sees "sign-in is unavailable" (503), and it works once the ESL is back', async (t) => {
  // A provider that is not running: its port was taken, then freed.
  const gone = await startOidcProvider({ redirectUris: [REDIRECT_URI], identities });
  await gone.close();
  const portal = await startPortal({ ...gone.env, SIGN_IN_RATE_LIMIT: '1000/1m' });
  try {
    const res = await request(portal.app).get('/login/esl');
    t.is(res.status, 503);
    t.is(res.headers['retry-after'], '60');
    t.true(res.text.includes('Signing in with the Education Sector Logon is unavailable just now. Try again in a few minutes.'));
    t.false(res.text.includes('ECONNREFUSED'));
    t.false(/at [\w/.]+\.[jt]s:\d+/.test(res.text), 'no stack trace');
    // The ESL comes back on the same address: the failure was not remembered.
    const back = await startOidcProvider({ redirectUris: [REDIRECT_URI], identities, port: Number(new URL(gone.issuer).port) });
    try {
      const b = new PortalBrowser(portal.app);
      const res2 = await signInWithEsl(b, 'esl-susan');
      t.is(res2.status, 303);
    } finally {
      await back.close();
    }
  } finally {
    await portal.close();
  }
});
