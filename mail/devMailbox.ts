// Reads the dev sink's folder for the dev mailbox page: every message, newest first.
import fs from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';

export interface MailboxEntry {
  id: string;
  date: Date;
  from: string;
  to: string;
  subject: string;
}

const ID = /^\d{15}-[0-9a-f]{8}$/;
export const isMailboxId = (id: string) => ID.test(id);

export async function listMailbox(dir: string, limit = 200): Promise<MailboxEntry[]> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => n.endsWith('.eml'));
  } catch {
    return [];
  }
  names.sort().reverse();
  return Promise.all(
    names.slice(0, limit).map(async (name) => {
      const id = name.slice(0, -4);
      // Headers only: the first 16 kB hold them for any message we send.
      const handle = await fs.open(path.join(dir, name));
      try {
        const { buffer, bytesRead } = await handle.read(Buffer.alloc(16384), 0, 16384, 0);
        const head = buffer.subarray(0, bytesRead).toString('utf8').split(/\r?\n\r?\n/)[0] ?? '';
        const parsed = await simpleParser(`${head}\r\n\r\n`);
        return {
          id,
          date: parsed.date ?? new Date(Number(id.slice(0, 15))),
          from: parsed.from?.text ?? '',
          to: Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? ''),
          subject: parsed.subject ?? '(no subject)',
        };
      } finally {
        await handle.close();
      }
    }),
  );
}

export async function readMailboxMessage(dir: string, id: string): Promise<Buffer | null> {
  if (!isMailboxId(id)) return null;
  try {
    return await fs.readFile(path.join(dir, `${id}.eml`));
  } catch {
    return null;
  }
}
