// Receiving uploaded files: multer with a storage engine that streams each file to the file store
// while hashing it, recognising its type from its first bytes and counting its size. A file is
// never held whole in memory; one that is too big, of a refused type, or sent without a valid
// CSRF token is stopped and nothing of the request is kept.
import crypto from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { NextFunction, Request, Response } from 'express';
import multer, { type StorageEngine } from 'multer';
import type { FileStore } from '../files/fileStore';
import { safeFileName } from '../domain/fileTypes';
import { inspectFile, MAX_FILE_BYTES, tooLarge, UploadRefused } from '../files/inspect';
import { HttpError } from './errors';
import type { UploadedFile } from '../workflows/messages';

export { MAX_FILE_BYTES, UploadRefused };
export const MAX_FILES = 10;

/** A file streamed to the store: what the case workflow is told about it. */
export type StoredUpload = UploadedFile;

declare module 'express-serve-static-core' {
  interface Request {
    uploads?: StoredUpload[];
  }
}

/** Browsers send UTF-8 names; busboy reads them as Latin-1. Undo that when it decodes cleanly. */
function decodeName(name: string): string {
  const utf8 = Buffer.from(name, 'latin1').toString('utf8');
  return utf8.includes('\uFFFD') ? name : utf8;
}

type Received = Express.Multer.File & { storageKey: string; safeName: string; sniffedType: string; sha256: string };

/** The file each request is receiving now, to name it when multer reports it too large. */
const receiving = new WeakMap<Request, string>();

export function createUploader(o: { store: FileStore; csrfValid: (req: Request, token: unknown) => boolean }) {
  const storage: StorageEngine = {
    _handleFile(req, file, cb) {
      // Fields before the file are parsed by now: the form puts its CSRF token first.
      if (!o.csrfValid(req, (req.body as Record<string, unknown> | undefined)?._csrf)) {
        file.stream.resume();
        return cb(new HttpError(403, 'csrf'));
      }
      const name = safeFileName(decodeName(file.originalname));
      receiving.set(req, name);
      const key = o.store.newKey();
      const inspect = inspectFile(name);
      // A file over the limit is cut short by busboy: stop writing and report it by name.
      file.stream.once('limit', () => inspect.destroy(tooLarge(name)));
      pipeline(file.stream, inspect, o.store.createWriteStream(key)).then(
        () =>
          // Multer merges these into the file's entry in req.files.
          cb(null, { storageKey: key, safeName: name, sniffedType: inspect.kind!.contentType, sha256: inspect.hash.digest('hex'), size: inspect.size } as Partial<Express.Multer.File>),
        async (err: Error) => {
          file.stream.resume();
          await o.store.remove(key);
          cb(err);
        },
      );
    },
    _removeFile(_req, file, cb) {
      o.store.remove((file as Received).storageKey).then(() => cb(null), cb);
    },
  };

  const parse = multer({
    storage,
    limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILES, fields: 20, fieldSize: 64 * 1024, parts: MAX_FILES + 20 },
  }).array('files', MAX_FILES);

  /** Parses the upload into req.body and req.uploads; a refusal becomes an UploadRefused. */
  return function receive(req: Request, res: Response, next: NextFunction) {
    parse(req, res, (err?: unknown) => {
      if (!err) {
        req.uploads = ((req.files as Received[] | undefined) ?? []).map((f) => ({
          id: crypto.randomUUID(),
          name: f.safeName,
          size: f.size,
          contentType: f.sniffedType,
          sha256: f.sha256,
          storageKey: f.storageKey,
        }));
        return next();
      }
      if (err instanceof HttpError || err instanceof UploadRefused) return next(err);
      const code = (err as { code?: string }).code;
      const message =
        code === 'LIMIT_FILE_COUNT'
          ? `Choose at most ${MAX_FILES} files at a time. Nothing was uploaded.`
          : code === 'LIMIT_FILE_SIZE'
            ? tooLarge(receiving.get(req) ?? 'A file').message
            : code === 'LIMIT_UNEXPECTED_FILE'
              ? 'The upload was not in the expected form. Nothing was uploaded: try again from the case page.'
              : 'The upload could not be read. Nothing was uploaded: try again.';
      next(new UploadRefused(message, code === 'LIMIT_FILE_SIZE' ? 413 : 400));
    });
  };
}
