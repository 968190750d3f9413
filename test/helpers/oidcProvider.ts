// A real OpenID Connect provider on loopback (oidc-provider, the certified implementation) standing
// in for the Education Sector Logon: one confidential client (code flow, PKCE required), a few
// staff identities, and its development login pages, which a test fills in like a person would
// (manual redirects, cookies kept per host) to get the redirect back to the portal.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestIdentity {
  /** The account id typed on the provider's login page; also the ID token's `sub`. */
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

// oidc-provider ships no types; the little used here is typed by hand. It prints "Unsupported
// runtime" on Node 20 (it targets 22+) and works all the same.
interface Grant {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
interface OidcContext {
  oidc: {
    client: { clientId: string };
    session: { accountId: string; grantIdFor(clientId: string): string | undefined };
    result?: { consent?: { grantId?: string } };
    provider: { Grant: { new (o: { clientId: string; accountId: string }): Grant; find(id: string): Promise<Grant | undefined> } };
  };
}
interface ProviderInstance {
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
  on(event: string, listener: (...args: unknown[]) => void): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { default: Provider } = require('oidc-provider') as { default: new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance };

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Settings for the portal's configuration. */
  env: Record<string, string>;
  /** What the provider logged as going wrong (a refused code, a bad PKCE verifier…). */
  errors: string[];
  close(): Promise<void>;
}

/** `redirectUris`: every portal address (dev, production) the test will sign in to. */
export async function startOidcProvider(o: { redirectUris: string[]; identities: TestIdentity[]; port?: number }): Promise<TestIdp> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'attendance-portal';
  const clientSecret = 'portal-secret-portal-secret-portal-secret';
  const people = new Map(o.identities.map((i) => [i.sub, i]));
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: o.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    // PKCE for every client, not only public ones (the ESL's rule too).
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['test-idp-cookie-key-0123456789'] },
    // Lifetimes set (in seconds) only to quiet the provider's "default ttl" notices.
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: unknown, id: string) {
      const person = people.get(id);
      if (!person) return undefined;
      return { accountId: id, claims: async () => ({ ...person }) };
    },
    // The portal is a first-party client: no consent screen, as with the ESL.
    async loadExistingGrant(ctx: OidcContext) {
      const { oidc } = ctx;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId: oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  const errors: string[] = [];
  for (const event of ['grant.error', 'authorization.error', 'server_error']) {
    provider.on(event, (_ctx: unknown, err: unknown) => errors.push(`${event}: ${(err as Error)?.message ?? String(err)}`));
  }
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    errors,
    env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/**
 * A person's browser at the identity provider: follows its redirects by hand and keeps its
 * cookies (per host, by name, which is all this provider needs), stopping at the redirect back
 * to the portal.
 */
export class IdpBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  constructor(private readonly portalRedirectUri: string) {}

  private cookiesFor(url: URL) {
    let c = this.jar.get(url.host);
    if (!c) this.jar.set(url.host, (c = new Map()));
    return c;
  }

  private async send(url: URL, init: RequestInit = {}): Promise<Response> {
    const jar = this.cookiesFor(url);
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attrs.some((a) => /^\s*max-age=0/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (gone || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }

  /** Follows redirects at the provider until it sends the browser back to the portal. */
  private async follow(start: Response, from: URL, interact: (uid: string, page: URL) => Promise<Response>): Promise<URL> {
    let res = start;
    let at = from;
    for (let hops = 0; hops < 10; hops++) {
      const location = res.headers.get('location');
      if (!location) throw new Error(`the provider stopped at ${at.href} with ${res.status}: ${(await res.text()).slice(0, 500)}`);
      const next = new URL(location, at);
      if (next.href.startsWith(this.portalRedirectUri)) return next;
      const interaction = /^\/interaction\/([^/]+)$/.exec(next.pathname);
      if (interaction) {
        await this.send(next); // the login page, as a browser would show it
        res = await interact(interaction[1]!, next);
      } else {
        res = await this.send(next);
      }
      at = next;
    }
    throw new Error('too many redirects at the provider');
  }

  /** Signs in at the provider as `sub` and returns the address the provider sends back to the portal. */
  async signIn(authorizationUrl: string, sub: string): Promise<URL> {
    const url = new URL(authorizationUrl);
    return this.follow(await this.send(url), url, (uid, page) =>
      this.send(new URL(`/interaction/${uid}`, page), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ prompt: 'login', login: sub, password: 'any' }).toString(),
      }),
    );
  }

  /** Presses the provider's "cancel" instead of signing in: the provider answers error=access_denied. */
  async cancel(authorizationUrl: string): Promise<URL> {
    const url = new URL(authorizationUrl);
    return this.follow(await this.send(url), url, (uid, page) => this.send(new URL(`/interaction/${uid}/abort`, page)));
  }
}
