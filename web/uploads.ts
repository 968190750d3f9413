// Receiving uploaded files: multer with a storage engine that streams each file to the file store
// while hashing it, recognising its type from its first bytes and counting its size. A file is
// never held whole in memory; one that is too big, of a refused type, or sent without a valid
// CSRF token is stopped and nothing of the request is kept.
import crypto from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { NextFunction, Request, Response } from 'express';
import multer, { type StorageEngine } from 'multer';
import type { FileStore } from '../files/fileStore';
import { safeFileName, sniff, SNIFF_BYTES, type FileKind } from '../domain/fileTypes';
import { HttpError } from './errors';
import type { UploadedFile } from '../workflows/messages';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_FILES = 10;

/** A file streamed to the store: what the case workflow is told about it. */
export type StoredUpload = UploadedFile;

/** A refusal of one file, with a message that names it and says what to do. */
export class UploadRefused extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
    this.name = 'UploadRefused';
  }
}

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

class Inspect extends Transform {
  readonly hash = crypto.createHash('sha256');
  size = 0;
  kind: FileKind | null = null;
  private head: Buffer[] = [];
  private headLength = 0;

  constructor(private readonly name: string) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.size += chunk.length;
    this.hash.update(chunk);
    if (this.kind) return done(null, chunk);
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) return done();
    this.decide(done);
  }

  override _flush(done: TransformCallback) {
    if (this.kind) return done();
    this.decide(done);
  }

  private decide(done: TransformCallback) {
    const all = Buffer.concat(this.head);
    const verdict = sniff(this.name, all.subarray(0, SNIFF_BYTES));
    if (!verdict.ok) return done(new UploadRefused(`“${this.name}” ${verdict.reason}. Nothing was uploaded.`));
    this.kind = verdict.kind;
    this.head = [];
    done(null, all);
  }
}

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
      const inspect = new Inspect(name);
      // A file over the limit is cut short by busboy: stop writing and report it by name.
      file.stream.once('limit', () => inspect.destroy(new UploadRefused(`“${name}” is larger than 20 MB. Nothing was uploaded: make it smaller (for example scan at a lower resolution) or split it, then try again.`, 413)));
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
            ? `“${receiving.get(req) ?? 'A file'}” is larger than 20 MB. Nothing was uploaded: make it smaller (for example scan at a lower resolution) or split it, then try again.`
            : code === 'LIMIT_UNEXPECTED_FILE'
              ? 'The upload was not in the expected form. Nothing was uploaded: try again from the case page.'
              : 'The upload could not be read. Nothing was uploaded: try again.';
      next(new UploadRefused(message, code === 'LIMIT_FILE_SIZE' ? 413 : 400));
    });
  };
}
