// Upload Files and downloads. Bytes stream to the file store before the workflow hears of them
// (only their metadata travels through Temporal); downloads are for those who may read the file.
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { WebDeps } from '../deps';
import type { FileStore } from '../../files/fileStore';
import { render } from '../views';
import { actorOf, caseFor, param, requireSignIn } from './guards';
import { actingPerson } from '../acting';
import { formIdFrom, runCaseUpdate } from '../caseUpdates';
import { createUploader, MAX_FILES, UploadRefused } from '../uploads';
import { addFilesUpdate } from '../../workflows/messages';
import { refuseOnClosed } from '../../domain/caseRules';
import { allowedActions, canReadContent } from '../../domain/permissions';
import { ACCEPTED_DESCRIPTION, ACCEPTED_EXTENSIONS } from '../../domain/fileTypes';
import { isProviderViewer } from '../queries/caseContent';
import { HttpError } from '../errors';
import { toBool } from '../../db/sql';
import type { CaseRecord } from '../queries/caseRecord';
import { noLimit } from '../rateLimits';

export function fileRoutes(deps: WebDeps, store: FileStore, csrfValid: (req: Request, token: unknown) => boolean, uploadLimit: RequestHandler = noLimit) {
  const router = Router();
  const receive = createUploader({ store, csrfValid });

  const form = (req: Request, res: Response, record: CaseRecord, extra: Record<string, unknown> = {}, status = 200) =>
    render(
      res,
      'cases/upload',
      {
        title: `Upload files: case ${record.reference}`,
        record,
        can: allowedActions(actorOf(req), record),
        provider: isProviderViewer(actorOf(req), record),
        accept: ACCEPTED_EXTENSIONS.map((e) => `.${e}`).join(','),
        acceptedDescription: ACCEPTED_DESCRIPTION,
        maxFiles: MAX_FILES,
        formId: formIdFrom(undefined),
        ...extra,
      },
      status,
    );

  router.get('/cases/:reference/files/new', requireSignIn, async (req, res) => {
    const record = await caseFor(deps.sql, actorOf(req), param(req, 'reference'), 'uploadFiles');
    form(req, res, record, { closed: refuseOnClosed(record) });
  });

  /** Who may upload is settled before a single byte is stored. */
  async function mayUpload(req: Request, res: Response, next: NextFunction) {
    const record = await caseFor(deps.sql, actorOf(req), param(req, 'reference'), 'uploadFiles');
    const closed = refuseOnClosed(record);
    if (closed) {
      req.resume();
      return form(req, res, record, { errors: [{ field: '_form', message: closed }] }, 409);
    }
    res.locals.caseRecord = record;
    next();
  }

  router.post(
    '/cases/:reference/files',
    requireSignIn,
    // Per person, before anything is looked up or stored.
    uploadLimit,
    mayUpload,
    receive,
    async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const record = res.locals.caseRecord as CaseRecord;
      const uploads = req.uploads ?? [];
      if (uploads.length === 0) return form(req, res, record, { errors: [{ field: 'files', message: 'Choose at least one file to upload' }] }, 400);
      const provider = isProviderViewer(actor, record);
      const outcome = await runCaseUpdate(
        deps.temporal,
        record.reference,
        addFilesUpdate,
        { by: actingPerson(actor, record), files: uploads, shared: provider && req.body.shared === 'yes' },
        formIdFrom(req.body.formId),
      ).catch(async (err: unknown) => {
        await Promise.all(uploads.map((u) => store.remove(u.storageKey)));
        throw err;
      });
      if (!outcome.ok) {
        // Refused: nothing refers to the stored bytes, so they go. Unknown: the update may still
        // land and name them, so they stay (a file on the case must always open).
        if (outcome.unknown) {
          deps.log.warn({ caseReference: record.reference, storageKeys: uploads.map((u) => u.storageKey) }, 'files kept: the case service did not answer');
          const message = 'The case service did not answer in time, so your files may not have been added. In a minute, look for them on the case before uploading them again.';
          return form(req, res, record, { errors: [{ field: '_form', message }] }, outcome.status);
        }
        await Promise.all(uploads.map((u) => store.remove(u.storageKey)));
        return form(req, res, record, { errors: [{ field: '_form', message: outcome.message }] }, outcome.status);
      }
      deps.log.info({ caseReference: record.reference, files: uploads.length }, 'files added');
      res.redirect(303, `/cases/${record.reference}?done=files&n=${uploads.length}`);
    },
    (err: unknown, req: Request, res: Response, next: NextFunction) => {
      if (!(err instanceof UploadRefused)) return next(err);
      form(req, res, res.locals.caseRecord as CaseRecord, { errors: [{ field: 'files', message: err.message }] }, err.status);
    },
  );

  router.get('/cases/:reference/files/:id', requireSignIn, async (req, res) => {
    const actor = actorOf(req);
    const record = await caseFor(deps.sql, actor, param(req, 'reference'));
    const file = await deps.sql.get<{ name: string; size: number; contentType: string; storageKey: string; authorSide: string; uploadedById: string | null; shared: unknown }>(
      'SELECT "name", "size", "contentType", "storageKey", "authorSide", "uploadedById", "shared" FROM "CaseFile" WHERE "id" = ? AND "caseId" = ?',
      [param(req, 'id'), record.id],
    );
    if (!file || !canReadContent(actor, record, { authorSide: file.authorSide, authorId: file.uploadedById, shared: toBool(file.shared) })) {
      throw new HttpError(404, 'not-found');
    }
    const inline = file.contentType === 'application/pdf' || file.contentType.startsWith('image/');
    const ascii = file.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const stream = store.openRead(file.storageKey);
    stream.on('error', () => {
      if (!res.headersSent) res.status(404).end();
      else res.destroy();
    });
    stream.pipe(res);
  });

  return router;
}
