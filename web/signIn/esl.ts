// The Education Sector Logon as an OpenID Connect provider (openid-client 6): the authorization
// code flow with PKCE, state and nonce. Discovery happens on the first sign-in, not at start (the
// portal starts even while the ESL is down) and is kept; a failed discovery is retried next time.
import * as oidc from 'openid-client';
import type { AppConfig } from '../../config';
import { isLoopbackUrl } from '../../config';

type OidcSettings = NonNullable<AppConfig['oidc']>;

/** The ESL could not be reached (discovery, keys or token endpoint): the person should retry later. */
export class EslUnavailable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'EslUnavailable';
  }
}

/** The ESL answered, but the sign-in must be refused (error, bad code, nonce, signature…). */
export class SignInRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SignInRefused';
  }
}

export interface EslIdentity {
  subject: string;
  email?: string;
  emailVerified: boolean;
  name?: string;
}

const TIMEOUT_SECONDS = 10;

// Failures of the network rather than of the sign-in: fetch's TypeError, a timeout, a 5xx page.
function isUnreachable(err: unknown): boolean {
  const e = err as { name?: string; code?: string; cause?: { code?: string } };
  return (
    err instanceof TypeError ||
    e?.name === 'TimeoutError' ||
    e?.name === 'AbortError' ||
    e?.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' ||
    e?.code === 'OAUTH_RESPONSE_IS_NOT_JSON' ||
    (typeof e?.cause?.code === 'string' && /^(ECONN|ENOTFOUND|EAI_|ETIMEDOUT|UND_ERR)/.test(e.cause.code))
  );
}

const describe = (err: unknown) => {
  const e = err as { name?: string; code?: string; error?: string; message?: string; cause?: { code?: string } };
  return [e?.name, e?.code, e?.error, e?.message, e?.cause?.code].filter(Boolean).join(': ');
};

export function createEsl(settings: OidcSettings) {
  let discovered: Promise<oidc.Configuration> | null = null;
  // http:// issuers pass config validation only on loopback (tests); openid-client must be told.
  const insecure = settings.issuer.startsWith('http:') && isLoopbackUrl(settings.issuer);

  function configuration(): Promise<oidc.Configuration> {
    discovered ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        { redirect_uris: [settings.redirectUri], response_types: ['code'] },
        settings.clientAuth === 'client_secret_post' ? oidc.ClientSecretPost(settings.clientSecret) : oidc.ClientSecretBasic(settings.clientSecret),
        { timeout: TIMEOUT_SECONDS, ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}) },
      )
      .catch((err: unknown) => {
        discovered = null; // try again on the next sign-in
        throw new EslUnavailable(`discovery failed: ${describe(err)}`);
      });
    return discovered;
  }

  /** Where to send the browser, with a fresh state, nonce and PKCE verifier to keep. */
  async function start(): Promise<{ url: URL; state: string; nonce: string; verifier: string }> {
    const config = await configuration();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: settings.redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state, nonce, verifier };
  }

  /**
   * Exchanges the code (with the PKCE verifier) and checks the ID token: signature, issuer,
   * audience, expiry, and that state and nonce are the ones this browser started with.
   */
  async function finish(callbackQuery: string, expected: { state: string; nonce: string; verifier: string }): Promise<EslIdentity> {
    const config = await configuration();
    // The address the ESL redirected to, rebuilt from configuration rather than from the Host
    // header, which the browser (or a proxy) controls.
    const current = new URL(settings.redirectUri);
    current.search = callbackQuery;
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: expected.verifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      if (isUnreachable(err)) throw new EslUnavailable(`token request failed: ${describe(err)}`);
      throw new SignInRefused(describe(err));
    }
    const idToken = tokens.claims();
    if (!idToken?.sub) throw new SignInRefused('no ID token claims');
    let claims: Record<string, unknown> & { sub: string } = idToken;
    // Many providers put only `sub` in the ID token and the email on the userinfo endpoint
    // (OpenID Connect Core 5.4); openid-client checks that it is about the same subject.
    if (idToken.email === undefined && tokens.access_token) {
      try {
        claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub)), ...idToken };
      } catch (err) {
        if (isUnreachable(err)) throw new EslUnavailable(`userinfo request failed: ${describe(err)}`);
        throw new SignInRefused(`userinfo refused: ${describe(err)}`);
      }
    }
    return {
      subject: claims.sub,
      email: typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : undefined,
      emailVerified: claims.email_verified === true,
      name: typeof claims.name === 'string' ? claims.name : undefined,
    };
  }

  return { start, finish, label: settings.label };
}

export type Esl = ReturnType<typeof createEsl>;
