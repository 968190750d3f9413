// Sessions and the sign-in door: fixation, time-outs, sign-out, people whose access ends, CSRF on
// the sign-in forms, CSP, cookie flags in dev and production, dev sign-in shut in production, and
// the rate limits on sign-in, inbound mail and uploads. Sign-in goes through a real OpenID Connect
// provider on loopback (test/helpers/oidcProvider.ts).
import anyTest, { type TestFn } from 'ava';
import request from 'supertest';
import { IdpBrowser, startOidcProvider, type TestIdp } from '../helpers/oidcProvider';
import { PortalBrowser, PRODUCTION_SECRETS, parseSetCookies, startPortal, type Portal } from '../helpers/signInPortal';
import { people } from '../helpers/web';

const test = anyTest as TestFn<{ idp: TestIdp; portal: Portal }>;

const DEV_CALLBACK = 'http://portal.test/login/callback';
const PRODUCTION_CALLBACK = 'https://portal.test/login/callback';

const identities = [
  { sub: 'esl-susan', email: people.susan, email_verified: true, name: 'Susan Wildes' },
  { sub: 'esl-oscar', email: people.oscar, email_verified: true, name: 'Oscar Tane' },
  { sub: 'esl-jane', email: people.jane, email_verified: true, name: 'Jane Doe' },
  { sub: 'esl-ken', email: people.ken, email_verified: true, name: 'Ken Moana' },
  { sub: 'esl-hana', email: people.hana, email_verified: true, name: 'Hana Rua' },
  { sub: 'esl-aria', email: people.aria, email_verified: true, name: 'Aria Kahu' },
  { sub: 'esl-stranger', email: 'stranger@elsewhere.school.example', email_verified: true },
];

test.before(async (t) => {
  t.context.idp = await startOidcProvider({ redirectUris: [DEV_CALLBACK, PRODUCTION_CALLBACK], identities });
  t.context.portal = await startPortal({ ...t.context.idp.env, SIGN_IN_RATE_LIMIT: '1000/1m' });
});
test.after.always(async (t) => {
  await t.context.portal?.close();
  await t.context.idp?.close();
});

async function signInWithEsl(b: PortalBrowser, sub: string, callback = DEV_CALLBACK) {
  const start = await b.get('/login/esl');
  if (start.status !== 303) throw new Error(`the ESL button answered ${start.status}`);
  const back = await new IdpBrowser(callback).signIn(start.headers.location!, sub);
  return b.get(back.pathname + back.search);
}

const userId = async (portal: Portal, email: string) => (await portal.database.db.user.findUniqueOrThrow({ where: { email } })).id;
const sessionCount = (portal: Portal, id: string) => portal.database.db.session.count({ where: { userId: id } });
const sentToSignIn = (res: request.Response) => res.status === 303 && (res.headers.location ?? '').startsWith('/login');

test('a session cookie planted before sign-in is replaced at sign-in, and never works', async (t) => {
  const { portal } = t.context;
  const b = new PortalBrowser(portal.app);
  b.cookies.set('sid', 'planted-by-an-attacker-0123456789abcdefghijkl');
  await b.get('/login');
  const signedIn = await signInWithEsl(b, 'esl-susan');
  t.is(signedIn.status, 303);
  const sid = b.session();
  t.truthy(sid);
  t.not(sid, 'planted-by-an-attacker-0123456789abcdefghijkl');
  t.is((await b.get('/')).status, 200);
  const attacker = await request(portal.app).get('/').set('Cookie', 'sid=planted-by-an-attacker-0123456789abcdefghijkl');
  t.true(sentToSignIn(attacker));
});

test('an idle session ends after SESSION_IDLE_MINUTES, and the sign-in page says so', async (t) => {
  const { portal } = t.context;
  const b = new PortalBrowser(portal.app);
  await signInWithEsl(b, 'esl-oscar');
  t.is((await b.get('/')).status, 200);
  const oscar = await userId(portal, people.oscar);
  await portal.database.db.session.updateMany({ where: { userId: oscar }, data: { lastSeenAt: new Date(Date.now() - 61 * 60_000) } });
  const page = await b.get('/login');
  t.true(page.text.includes('Your session has ended. Sign in again to carry on.'));
  t.is(await sessionCount(portal, oscar), 0, 'the server forgot the session');
  t.true(sentToSignIn(await b.get('/')));
});

test('a session ends at its absolute time-out even while in use', async (t) => {
  const { portal } = t.context;
  const b = new PortalBrowser(portal.app);
  await signInWithEsl(b, 'esl-jane');
  const jane = await userId(portal, people.jane);
  // Used a moment ago, but started SESSION_ABSOLUTE_HOURS ago.
  await portal.database.db.session.updateMany({ where: { userId: jane }, data: { lastSeenAt: new Date(), expiresAt: new Date(Date.now() - 1000) } });
  t.true(sentToSignIn(await b.get('/')));
  t.is(await sessionCount(portal, jane), 0);
});

test('signing out deletes the session on the server: the cookie is useless afterwards', async (t) => {
  const { portal } = t.context;
  const b = new PortalBrowser(portal.app);
  await signInWithEsl(b, 'esl-ken');
  const sid = b.session()!;
  await b.get('/');
  const ken = await userId(portal, people.ken);
  t.is(await sessionCount(portal, ken), 1);
  const out = await b.post('/logout');
  t.is(out.status, 303);
  t.is(await sessionCount(portal, ken), 0);
  t.true(sentToSignIn(await request(portal.app).get('/').set('Cookie', `sid=${sid}`)));
});

test('a deactivated person is signed out everywhere on their next request', async (t) => {
  const { portal } = t.context;
  const laptop = new PortalBrowser(portal.app);
  const phone = new PortalBrowser(portal.app);
  await signInWithEsl(laptop, 'esl-hana');
  await signInWithEsl(phone, 'esl-hana');
  const hana = await userId(portal, people.hana);
  t.is(await sessionCount(portal, hana), 2);
  await portal.database.db.user.update({ where: { id: hana }, data: { active: false } });
  t.true(sentToSignIn(await laptop.get('/')));
  t.is(await sessionCount(portal, hana), 0, 'every session of hers ended at once');
  t.true(sentToSignIn(await phone.get('/cases')));
});

test('a person whose roles were all removed is signed out everywhere on their next request', async (t) => {
  const { portal } = t.context;
  const laptop = new PortalBrowser(portal.app);
  const phone = new PortalBrowser(portal.app);
  await signInWithEsl(laptop, 'esl-aria');
  await signInWithEsl(phone, 'esl-aria');
  const aria = await userId(portal, people.aria);
  await portal.database.db.roleAssignment.deleteMany({ where: { userId: aria } });
  t.true(sentToSignIn(await phone.get('/')));
  t.is(await sessionCount(portal, aria), 0);
  t.true(sentToSignIn(await laptop.get('/')));
});

test('signing in and out need the form CSRF token (the other forms are covered by signIn.test.ts)', async (t) => {
  const { portal } = t.context;
  const b = new PortalBrowser(portal.app);
  await b.get('/login');
  // A page on another site posting the dev sign-in form (login CSRF) is refused.
  const login = await request(portal.app).post('/login/dev').set('Cookie', b.cookieHeader()).type('form').send({ email: people.susan });
  t.is(login.status, 403);
  t.true(login.text.includes('Your form has expired'));
  await b.post('/login/dev', { email: people.susan, next: '/' });
  // …and one signing a person out behind their back.
  const logout = await request(portal.app).post('/logout').set('Cookie', b.cookieHeader()).type('form').send({ _csrf: 'forged'.repeat(7) });
  t.is(logout.status, 403);
  t.is((await b.get('/')).status, 200, 'still signed in');
});

test('sign-in pages carry the strict CSP: scripts from the site only, never inline', async (t) => {
  const { portal } = t.context;
  const pages = [
    await request(portal.app).get('/login'),
    await request(portal.app).get('/login/callback?code=x&state=y'), // "Sign-in did not complete"
    await signInWithEsl(new PortalBrowser(portal.app), 'esl-stranger'), // "ask your Delegated Authoriser"
  ];
  t.deepEqual(
    pages.map((p) => p.status),
    [200, 400, 403],
  );
  for (const page of pages) {
    const csp = page.headers['content-security-policy'] ?? '';
    t.regex(csp, /script-src 'self'(;|$)/);
    t.false(csp.includes('unsafe-inline'));
    t.false(/<script/i.test(page.text));
  }
  // The ESL button is a plain link and the flow plain redirects: nothing needs script.
  const start = await request(portal.app).get('/login/esl');
  t.is(start.status, 303);
  t.false(/<script/i.test(start.text ?? ''));
});

test('in dev mode the session, CSRF and sign-in cookies are HttpOnly and SameSite=Lax', async (t) => {
  const b = new PortalBrowser(t.context.portal.app);
  const login = await b.get('/login');
  const start = await b.get('/login/esl');
  const back = await new IdpBrowser(DEV_CALLBACK).signIn(start.headers.location!, 'esl-susan');
  const done = await b.get(back.pathname + back.search);
  const cookies = [...parseSetCookies(login), ...parseSetCookies(start), ...parseSetCookies(done)].filter((c) => c.value !== '');
  t.deepEqual(new Set(cookies.map((c) => c.name)), new Set(['csrf', 'signin', 'sid']));
  for (const c of cookies) {
    t.true(c.attributes.includes('HttpOnly'), c.raw);
    t.true(c.attributes.includes('SameSite=Lax'), c.raw);
    t.true(c.attributes.includes('Path=/'), c.raw);
  }
  const flow = cookies.find((c) => c.name === 'signin')!;
  t.true(flow.attributes.some((a) => /^Max-Age=600$/.test(a)), 'the sign-in in progress lasts 10 minutes');
});

test('in production the cookies are __Host- prefixed, Secure, HttpOnly and SameSite=Lax, and sign-in works', async (t) => {
  const portal = await startPortal({ ...PRODUCTION_SECRETS, ...t.context.idp.env });
  try {
    const b = new PortalBrowser(portal.app);
    const login = await b.get('/login');
    const start = await b.get('/login/esl');
    t.is(start.status, 303);
    t.is(new URL(start.headers.location!).searchParams.get('redirect_uri'), PRODUCTION_CALLBACK);
    const back = await new IdpBrowser(PRODUCTION_CALLBACK).signIn(start.headers.location!, 'esl-susan');
    const done = await b.get(back.pathname + back.search);
    t.is(done.status, 303);
    t.is((await b.get('/')).status, 200);
    const cookies = [...parseSetCookies(login), ...parseSetCookies(start), ...parseSetCookies(done)].filter((c) => c.value !== '');
    t.deepEqual(new Set(cookies.map((c) => c.name)), new Set(['__Host-csrf', '__Host-signin', '__Host-sid']));
    for (const c of cookies) {
      for (const flag of ['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/']) t.true(c.attributes.includes(flag), `${c.name}: ${flag}`);
      t.false(c.attributes.some((a) => /^Domain=/i.test(a)), `${c.name} has no Domain`);
    }
    t.regex(done.headers['strict-transport-security'] ?? '', /max-age=/);
  } finally {
    await portal.close();
  }
});

test('in production the sign-in page lists no one and offers only ESL; dev sign-in is refused', async (t) => {
  const portal = await startPortal({ ...PRODUCTION_SECRETS, ...t.context.idp.env });
  try {
    const b = new PortalBrowser(portal.app);
    const page = await b.get('/login');
    t.is(page.status, 200);
    t.true(page.text.includes('Sign in with Education Sector Logon (ESL)'));
    t.false(page.text.includes('Sign in as'));
    t.false(/@\w+\.(school|provider)\.example/.test(page.text), 'no one’s email address');
    t.false(page.text.includes('action="/login/dev"'));
    // Even with a valid CSRF token (from the signed-in home page), as if the form were still there.
    await signInWithEsl(b, 'esl-susan', PRODUCTION_CALLBACK);
    t.is((await b.get('/')).status, 200);
    const susanSession = b.session();
    const dev = await b.post('/login/dev', { email: people.jane });
    t.is(dev.status, 404);
    t.is(b.session(), susanSession, 'still Susan: no one else was signed in');
    const unknown = await b.post('/login/dev', { email: 'nobody@northhigh.school.example' });
    t.is(unknown.status, 404, 'known and unknown emails get the same answer');
    t.is(unknown.text.replace(/[0-9a-f-]{36}/g, ''), dev.text.replace(/[0-9a-f-]{36}/g, ''));
  } finally {
    await portal.close();
  }
});

test('too many failed sign-in attempts from one address get a 429 page with Retry-After; successful sign-ins never count', async (t) => {
  const portal = await startPortal({ ...t.context.idp.env, SIGN_IN_RATE_LIMIT: '3/2m' });
  try {
    const b = new PortalBrowser(portal.app);
    await b.get('/login');
    // A school's staff behind one public address all signing in at 8.30: none is held up.
    for (const email of [people.susan, people.david, people.mere, people.oscar, people.dana]) {
      t.is((await b.post('/login/dev', { email, next: '/' })).status, 303, email);
      await b.get('/login');
    }
    for (let i = 0; i < 3; i++) t.is((await b.post('/login/dev', { email: `guess${i}@northhigh.school.example` })).status, 400);
    const paused = await b.post('/login/dev', { email: people.susan });
    t.is(paused.status, 429);
    t.true(paused.text.includes('Too many attempts'));
    t.true(paused.text.includes('Wait 2 minutes, then try again.'));
    const retryAfter = Number(paused.headers['retry-after']);
    t.true(retryAfter > 0 && retryAfter <= 120, String(retryAfter));
    // The other sign-in steps from the same address wait too…
    t.is((await b.get('/login/esl')).status, 429);
    t.is((await b.get('/login/callback?code=x&state=y')).status, 429);
    // …while the rest of the portal is not limited at all.
    t.is((await b.get('/login')).status, 200);
    t.is((await b.get('/')).status, 200, 'signed in (as Dana) pages still answer');
  } finally {
    await portal.close();
  }
});

test('callbacks from a browser that started no sign-in (any web page can send them) never lock the address out', async (t) => {
  const portal = await startPortal({ ...t.context.idp.env, SIGN_IN_RATE_LIMIT: '3/2m' });
  try {
    const visitor = new PortalBrowser(portal.app);
    // e.g. <img src="https://portal/login/callback?error=x"> tags on someone else's page.
    for (let i = 0; i < 10; i++) {
      const res = await visitor.get(i % 2 ? '/login/callback?error=access_denied' : `/login/callback?code=c${i}&state=s${i}`);
      t.is(res.status, 400, `callback ${i} is refused`);
      t.true(res.text.includes('Sign-in did not complete'));
    }
    // A colleague behind the same address still signs in.
    const colleague = new PortalBrowser(portal.app);
    t.is((await colleague.get('/login/esl')).status, 303, 'the ESL sign-in still starts');
    await colleague.get('/login');
    t.is((await colleague.post('/login/dev', { email: people.susan, next: '/' })).status, 303);
  } finally {
    await portal.close();
  }
});

test('inbound mail posts over the limit get a plain-text 429 with Retry-After', async (t) => {
  const portal = await startPortal({ INBOUND_RATE_LIMIT: '2/1m' });
  try {
    const post = () => request(portal.app).post('/inbound/email').set('Authorization', 'Bearer a-guessed-secret').type('message/rfc822').send('Subject: hi\r\n\r\nhello\r\n');
    t.is((await post()).status, 401);
    t.is((await post()).status, 401);
    const limited = await post();
    t.is(limited.status, 429);
    t.regex(limited.headers['content-type'] ?? '', /^text\/plain/);
    t.regex(limited.text, /^Too many messages from this address\. Try again in \d+ seconds\./);
    t.true(Number(limited.headers['retry-after']) > 0);
  } finally {
    await portal.close();
  }
});

test('uploads are limited per person: over the limit a 429 page, while a colleague can still upload', async (t) => {
  const portal = await startPortal({ UPLOAD_RATE_LIMIT: '2/1m' });
  try {
    const { reference } = await portal.database.db.case.findFirstOrThrow({ where: { school: { name: 'North High School' }, status: { not: 'CLOSED' } } });
    const upload = async (b: PortalBrowser) => {
      await b.get(`/cases/${reference}/files/new`);
      // No file chosen: refused by the form (400) without reaching the case's workflow.
      return request(portal.app).post(`/cases/${reference}/files`).set('Cookie', b.cookieHeader()).field('_csrf', b.csrf);
    };
    const susan = new PortalBrowser(portal.app);
    await susan.get('/login');
    await susan.post('/login/dev', { email: people.susan, next: '/' });
    const first = await upload(susan);
    t.is(first.status, 400, first.text.slice(0, 300));
    t.is((await upload(susan)).status, 400);
    const limited = await upload(susan);
    t.is(limited.status, 429);
    t.true(limited.text.includes('Too many attempts'));
    t.true(limited.text.includes('too many uploads'));
    t.true(Number(limited.headers['retry-after']) > 0);
    const oscar = new PortalBrowser(portal.app);
    await oscar.get('/login');
    await oscar.post('/login/dev', { email: people.oscar, next: '/' });
    t.is((await upload(oscar)).status, 400, 'a colleague on the same address is not held up');
  } finally {
    await portal.close();
  }
});
