// The portal in-process for sign-in and session tests: a fresh database with the demo people and
// the real app, in dev or production mode. Signing in never touches Temporal, so the Temporal
// client here points at a closed port and is never called (a test that did call it would fail).
import request from 'supertest';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, type AppConfig } from '../../config';
import { createLogger } from '../../logger';
import { createMailer } from '../../mail/mailer';
import { createApp } from '../../web/app';
import { freshDatabase, type TestDatabase } from './database';

export interface Portal {
  app: ReturnType<typeof createApp>;
  config: AppConfig;
  database: TestDatabase;
  close(): Promise<void>;
}

export const PRODUCTION_SECRETS = {
  APP_MODE: 'production',
  SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
  INBOUND_SECRET: 'inbound-secret-inbound-secret-0123',
  PUBLIC_URL: 'https://portal.test',
};

export async function startPortal(env: Record<string, string> = {}): Promise<Portal> {
  const database = await freshDatabase();
  const config = loadConfig({
    APP_MODE: 'dev',
    DATA_DIR: database.dir,
    DATABASE_URL: database.url,
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    PUBLIC_URL: 'http://portal.test',
    SMTP_URL: 'smtp://127.0.0.1:1',
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const connection = Connection.lazy({ address: config.temporal.address });
  const temporal = new Client({ connection, namespace: 'unused' });
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  const log = createLogger('test', process.env.TEST_LOG_LEVEL ?? 'silent');
  const app = createApp({ config, sql: database.sql, db: database.db, temporal, log, mailer });
  return {
    app,
    config,
    database,
    async close() {
      mailer.close();
      await connection.close().catch(() => undefined);
      await database.close();
    },
  };
}

export interface SetCookie {
  name: string;
  value: string;
  attributes: string[];
  raw: string;
}

export const parseSetCookies = (res: { headers: Record<string, unknown> }): SetCookie[] =>
  ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).map((raw) => {
    const [pair = '', ...attributes] = raw.split(';').map((p) => p.trim());
    const eq = pair.indexOf('=');
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes, raw };
  });

/**
 * A browser at the portal that keeps cookies itself, Secure ones included: a production-mode
 * portal (Secure, __Host- cookies) is reached over https in real life and over plain http here.
 */
export class PortalBrowser {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly app: Portal['app']) {}

  private keep(res: request.Response) {
    for (const c of parseSetCookies(res)) {
      const gone = c.value === '' || c.attributes.some((a) => /^expires=Thu, 01 Jan 1970/i.test(a) || /^max-age=0$/i.test(a));
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, decodeURIComponent(c.value));
    }
    const token = /name="_csrf" value="([^"]*)"/.exec(res.text ?? '')?.[1];
    if (token) this.csrf = token;
    return res;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  }

  async get(path: string) {
    return this.keep(await request(this.app).get(path).set('Cookie', this.cookieHeader()));
  }

  async post(path: string, fields: Record<string, string> = {}) {
    return this.keep(
      await request(this.app)
        .post(path)
        .set('Cookie', this.cookieHeader())
        .type('form')
        .send({ _csrf: this.csrf, ...fields }),
    );
  }

  /** The session cookie's value (dev `sid`, production `__Host-sid`). */
  session() {
    return this.cookies.get('sid') ?? this.cookies.get('__Host-sid');
  }
}
