// Where uploaded files' bytes live: a folder on disk (DATA_DIR/files by default), one file per
// upload, named by a random key. Bytes are written as a stream and never enter Temporal.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface FileStore {
  /** A new key for a file about to be written. */
  newKey(): string;
  pathOf(key: string): string;
  createWriteStream(key: string): fs.WriteStream;
  openRead(key: string): fs.ReadStream;
  remove(key: string): Promise<void>;
}

const KEY = /^\d{4}\/\d{2}\/[0-9a-f-]{36}$/;

export function createFileStore(root: string): FileStore {
  const pathOf = (key: string) => {
    if (!KEY.test(key)) throw new Error(`Not a storage key: ${key}`);
    return path.join(root, key);
  };
  return {
    newKey() {
      const now = new Date();
      return `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${crypto.randomUUID()}`;
    },
    pathOf,
    createWriteStream(key) {
      const file = pathOf(key);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      return fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
    },
    openRead: (key) => fs.createReadStream(pathOf(key)),
    remove: (key) => fs.promises.rm(pathOf(key), { force: true }),
  };
}
