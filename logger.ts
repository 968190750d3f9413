// Structured logs for operators (pino, JSON lines), one logger per process, named after it.
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name,
    level,
    // Never log what a person typed about a child: these paths are cut from every log line.
    redact: { paths: ['req.headers.cookie', 'body', 'answers', '*.body', '*.answers'], remove: true },
  });
}
