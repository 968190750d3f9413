// The dev mail sink: an SMTP server on loopback that keeps every message as a .eml file under the
// data folder, for the dev mailbox page. Only ever started in the embedded default.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface DevMailSink {
  port: number;
  close(): Promise<void>;
}

export async function startDevMailSink(options: { dir: string; port: number; host?: string }): Promise<DevMailSink> {
  fs.mkdirSync(options.dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 50 * 1024 * 1024,
    onData(stream, _session, callback) {
      const name = `${Date.now().toString().padStart(15, '0')}-${crypto.randomBytes(4).toString('hex')}.eml`;
      const tmp = path.join(options.dir, `.${name}.part`);
      const out = fs.createWriteStream(tmp);
      stream.pipe(out);
      stream.on('error', (err) => callback(err));
      out.on('error', (err) => callback(err));
      // Renamed into place only when complete, so the mailbox never lists half a message.
      out.on('finish', () => fs.rename(tmp, path.join(options.dir, name), (err) => callback(err ?? null)));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfig } = require('../config') as typeof import('../config');
  const config = loadConfig();
  startDevMailSink({ dir: config.mailboxDir, port: config.devMailSinkPort }).then(
    (sink) => console.log(`dev mail sink listening on 127.0.0.1:${sink.port}`),
    (err: Error) => {
      console.error(`dev mail sink could not start on port ${config.devMailSinkPort}: ${err.message}`);
      process.exit(1);
    },
  );
}
