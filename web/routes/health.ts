// GET /healthz: is the database answering, and is Temporal? 200 when both are, 503 otherwise.
import { Router } from 'express';
import type { WebDeps } from '../deps';

async function timed(check: () => Promise<unknown>, timeoutMs = 2000): Promise<{ ok: boolean; ms: number; error?: string }> {
  const started = performance.now();
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, ms: Math.round(performance.now() - started), error: (err as Error).message };
  }
}

/** The checks behind /healthz, shared with the operator's page so both say the same. */
export async function checkHealth(deps: Pick<WebDeps, 'sql' | 'temporal' | 'config'>) {
  const [database, temporal] = await Promise.all([
    timed(() => deps.sql.get('SELECT 1 AS "ok"')),
    timed(() => deps.temporal.connection.workflowService.getSystemInfo({})),
  ]);
  const ok = database.ok && temporal.ok;
  return {
    ok,
    status: ok ? 'ok' : 'degraded',
    database: { ...database, dialect: deps.sql.dialect },
    temporal: { ...temporal, namespace: deps.config.temporal.namespace, taskQueue: deps.config.temporal.taskQueue },
  };
}

export function healthRoutes(deps: WebDeps) {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const { ok, status, database, temporal } = await checkHealth(deps);
    // Anyone can ask, so the answer says what is down, not why: error texts name hosts and
    // drivers. They go to the log, and to the operator's page.
    if (!ok) deps.log.warn({ database: database.error, temporal: temporal.error, requestId: res.locals.requestId }, 'health check failed');
    const brief = ({ error: _error, ...rest }: { error?: string }) => rest;
    res.status(ok ? 200 : 503).set('Cache-Control', 'no-store').json({ status, database: brief(database), temporal: brief(temporal) });
  });
  return router;
}
