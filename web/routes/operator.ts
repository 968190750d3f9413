// The operator's page: health, how much reference data there is, the reference data import, and
// links into Temporal's Web UI (a case by reference, the latest cases). Operators only: anyone else
// is told the page does not exist.
import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import type { WebDeps } from '../deps';
import { render } from '../views';
import { actorOf, requireSignIn } from './guards';
import { checkHealth } from './health';
import { HttpError } from '../errors';
import { canOperate } from '../../domain/permissions';
import { isCaseReference } from '../../domain/numbers';
import { caseWorkflowId } from '../../temporal.config';
import { caseByReference, latestCases, referenceCounts } from '../queries/operations';
import { KINDS, MAX_FILE_BYTES, fileNameOf, type ImportReport } from '../../reference/csvFormat';
import { importReference } from '../../reference/importReference';

interface FieldError {
  field: string;
  message: string;
}

export function operatorRoutes(deps: WebDeps, csrfValid: (req: Request, token: unknown) => boolean) {
  const router = Router();
  const { uiUrl, namespace } = deps.config.temporal;
  const namespaceUrl = `${uiUrl}/namespaces/${encodeURIComponent(namespace)}`;
  const workflowUrl = (reference: string) => `${namespaceUrl}/workflows/${encodeURIComponent(caseWorkflowId(reference))}`;
  const runsUrl = (reference: string) => `${namespaceUrl}/workflows?query=${encodeURIComponent(`CaseReference="${reference}"`)}`;

  // Reference files are a few MB at most (50,000 students take about 4), so they are held in
  // memory while they are checked: at most one file of each kind, each under the import's limit.
  const receive = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_FILE_BYTES, files: KINDS.length, fields: 5, fieldSize: 1024, parts: KINDS.length + 5 },
  }).array('files', KINDS.length);

  /** Operators only; anyone else signed in gets the page-not-found page, as for a case they may not see. */
  function mayOperate(req: Request, _res: Response, next: NextFunction) {
    if (!canOperate(actorOf(req))) return next(new HttpError(404, 'not-found'));
    next();
  }

  async function page(res: Response, extra: { lookup?: string; errors?: FieldError[]; report?: ImportReport }, status = 200) {
    const [health, counts, latest] = await Promise.all([checkHealth(deps), referenceCounts(deps.sql), latestCases(deps.sql)]);
    let found = null;
    if (extra.lookup && !extra.errors?.length) {
      const c = await caseByReference(deps.sql, extra.lookup);
      if (c) found = { ...c, workflowId: caseWorkflowId(c.reference), workflowUrl: workflowUrl(c.reference), runsUrl: runsUrl(c.reference) };
      else {
        extra.errors = [{ field: 'reference', message: `There is no case ${extra.lookup}. Check the reference and try again.` }];
        status = 404;
      }
    }
    const report = extra.report;
    render(
      res,
      'operator/index',
      {
        title: 'Operations',
        health,
        checks: [
          { name: 'Database', detail: health.database.dialect, ...health.database },
          { name: 'Temporal', detail: `namespace ${health.temporal.namespace}, task queue ${health.temporal.taskQueue}`, ...health.temporal },
        ],
        counts,
        latest: latest.map((c) => ({ ...c, workflowId: caseWorkflowId(c.reference), workflowUrl: workflowUrl(c.reference) })),
        typedReference: extra.lookup ?? '',
        found,
        errors: extra.errors,
        report,
        reportCounts: report?.ok ? KINDS.filter((k) => report.counts[k]).map((k) => ({ kind: k, ...report.counts[k]! })) : [],
        kinds: KINDS.map(fileNameOf).join(', '),
        maxMegabytes: MAX_FILE_BYTES / 1024 / 1024,
        workflowsUrl: `${namespaceUrl}/workflows`,
        uiUrl,
      },
      status,
    );
  }

  router.get('/operator', requireSignIn, mayOperate, async (req, res) => {
    const raw = typeof req.query.reference === 'string' ? req.query.reference.slice(0, 100) : undefined;
    if (raw === undefined) return page(res, {});
    const lookup = raw.trim();
    if (lookup === '') return page(res, { lookup: raw, errors: [{ field: 'reference', message: 'Enter a case reference, like 00098601' }] }, 400);
    if (!isCaseReference(lookup)) {
      return page(res, { lookup: raw, errors: [{ field: 'reference', message: `“${lookup}” is not a case reference: a case reference is 8 digits, like 00098601` }] }, 400);
    }
    await page(res, { lookup });
  });

  router.post(
    '/operator/import',
    requireSignIn,
    // Before a byte is read: someone who may not import does not get to send 10 MB files.
    mayOperate,
    (req: Request, res: Response, next: NextFunction) =>
      receive(req, res, (err?: unknown) => {
        if (!err) return next();
        const code = (err as { code?: string }).code;
        const message =
          code === 'LIMIT_FILE_SIZE'
            ? `A file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, the largest accepted. Nothing was imported.`
            : code === 'LIMIT_FILE_COUNT' || code === 'LIMIT_UNEXPECTED_FILE'
              ? `Choose at most ${KINDS.length} files, one of each kind (${KINDS.map(fileNameOf).join(', ')}). Nothing was imported.`
              : 'The files could not be read. Nothing was imported: try again.';
        // The rest of the upload is not wanted: drain it so the connection can carry the answer.
        req.resume();
        void page(res, { errors: [{ field: 'files', message }] }, code === 'LIMIT_FILE_SIZE' ? 413 : 400).catch(next);
      }),
    async (req: Request, res: Response) => {
      // The form is parsed now; the token is checked before anything is imported.
      if (!csrfValid(req, (req.body as Record<string, unknown> | undefined)?._csrf)) throw new HttpError(403, 'csrf');
      const files = ((req.files as Express.Multer.File[] | undefined) ?? []).map((f) => ({ name: f.originalname, bytes: f.buffer }));
      if (files.length === 0) return page(res, { errors: [{ field: 'files', message: `Choose the CSV files to import (${KINDS.map(fileNameOf).join(', ')})` }] }, 400);
      const report = await importReference(deps.db, files);
      deps.log.info(
        report.ok ? { files: report.files, counts: report.counts, casesMoved: report.casesMoved } : { files: report.files, problems: report.errors.length },
        report.ok ? 'reference data imported' : 'reference data import refused',
      );
      if (!report.ok) {
        const n = report.errors.length;
        return page(res, { report, errors: [{ field: 'files', message: `Nothing was imported: the files have ${n} ${n === 1 ? 'problem' : 'problems'}, listed below. Fix them and import the files again.` }] }, 400);
      }
      await page(res, { report });
    },
  );

  return router;
}
