// What every incoming file passes through on its way to the file store (portal uploads and email
// attachments alike): counted, hashed and recognised from its first bytes, chunk by chunk, so a
// file is never held whole in memory; stopped the moment it breaks a rule.
import crypto from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { sniff, SNIFF_BYTES, type FileKind } from '../domain/fileTypes';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** A refusal of one file, with a message that names it and says what to do. */
export class UploadRefused extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
    this.name = 'UploadRefused';
  }
}

export const tooLarge = (name: string) =>
  new UploadRefused(`“${name}” is larger than 20 MB. Nothing was uploaded: make it smaller (for example scan at a lower resolution) or split it, then try again.`, 413);

export class InspectFile extends Transform {
  readonly hash = crypto.createHash('sha256');
  size = 0;
  kind: FileKind | null = null;
  private head: Buffer[] = [];
  private headLength = 0;

  constructor(
    private readonly name: string,
    private readonly maxBytes?: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.size += chunk.length;
    if (this.maxBytes !== undefined && this.size > this.maxBytes) return done(tooLarge(this.name));
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

export const inspectFile = (name: string, maxBytes?: number) => new InspectFile(name, maxBytes);
