// Real SMTP on loopback for tests: the dev mail sink on a free port, and a way to wait for mail.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { startDevMailSink, type DevMailSink } from '../../mail/devMailSink';

export interface TestMailbox {
  sink: DevMailSink;
  dir: string;
  smtpUrl: string;
  messages(): Promise<ParsedMail[]>;
  waitFor(predicate: (m: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

/** The sink writes where the dev mailbox page reads when `dir` is the stack's DATA_DIR/mailbox. */
export async function startMailbox(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casehub-mail-')), port = 0): Promise<TestMailbox> {
  const sink = await startDevMailSink({ dir, port });
  const messages = async () => {
    const names = fs.readdirSync(dir).filter((n) => n.endsWith('.eml')).sort();
    return Promise.all(names.map(async (n) => simpleParser(await fs.promises.readFile(path.join(dir, n)))));
  };
  return {
    sink,
    dir,
    smtpUrl: `smtp://127.0.0.1:${sink.port}`,
    messages,
    async waitFor(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await messages()).find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error('the expected email did not arrive');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      await sink.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const recipients = (m: ParsedMail) =>
  (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
