// Server-rendered pages: handlebars templates compiled once at start (layouts, partials, pages), and
// the helpers views share. Auto-escaping is never bypassed for anything a person typed.
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Response } from 'express';
import { formatDate, formatDateTime } from '../domain/dates';
import { CASE_STATUS_LABELS, CASE_TYPE_LABELS, type CaseStatus } from '../domain/caseStatus';

const root = path.join(__dirname, 'views');
const hbs = Handlebars.create();

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? walk(full) : d.name.endsWith('.hbs') ? [full] : [];
  });
}

const asDate = (v: unknown) => (v instanceof Date ? v : typeof v === 'string' || typeof v === 'number' ? new Date(v) : null);

hbs.registerHelper({
  eq: (a: unknown, b: unknown) => a === b,
  not: (a: unknown) => !a,
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  date: (v: unknown) => {
    const d = asDate(v);
    return d ? formatDate(d) : '';
  },
  dateTime: (v: unknown) => {
    const d = asDate(v);
    return d ? formatDateTime(d) : '';
  },
  isoDate: (v: unknown) => asDate(v)?.toISOString() ?? '',
  statusLabel: (s: unknown) => CASE_STATUS_LABELS[s as CaseStatus] ?? String(s ?? ''),
  typeLabel: (t: unknown) => CASE_TYPE_LABELS[String(t)] ?? String(t ?? ''),
  fileSize: (n: unknown) => {
    const b = Number(n);
    if (b >= 1024 * 1024) return `${(b / 1024 / 1024).toFixed(b >= 10 * 1024 * 1024 ? 0 : 1)} MB`;
    if (b >= 1024) return `${Math.round(b / 1024)} KB`;
    return `${b} bytes`;
  },
  plural: (n: unknown, one: string, many: string) => (Number(n) === 1 ? one : many),
  /** The error message for a field, from the page's `errors` list. */
  errorFor: (errors: unknown, field: string) =>
    Array.isArray(errors) ? (errors.find((e: { field: string }) => e.field === field) as { message?: string } | undefined)?.message : undefined,
  /** Keeps selects and radios as the person left them. */
  checkedIf: (a: unknown, b: unknown) => (String(a ?? '') === String(b ?? '') ? 'checked' : ''),
  selectedIf: (a: unknown, b: unknown) => (String(a ?? '') === String(b ?? '') ? 'selected' : ''),
  add: (a: unknown, b: unknown) => Number(a) + Number(b),
  json: (v: unknown) => JSON.stringify(v),
});

for (const file of walk(path.join(root, 'partials'))) {
  const name = path.relative(path.join(root, 'partials'), file).replace(/\.hbs$/, '').split(path.sep).join('/');
  hbs.registerPartial(name, hbs.compile(fs.readFileSync(file, 'utf8'), { strict: false }));
}

const compile = (dir: string) =>
  new Map(
    walk(path.join(root, dir)).map((file) => [
      path.relative(path.join(root, dir), file).replace(/\.hbs$/, '').split(path.sep).join('/'),
      hbs.compile(fs.readFileSync(file, 'utf8'), { strict: false }),
    ]),
  );

const layouts = compile('layouts');
const pages = compile('pages');
// Handlebars compiles lazily on first call; render each once now so no request pays for it.
for (const t of [...layouts.values(), ...pages.values()]) {
  try {
    t({});
  } catch {
    // Templates that need data still got compiled; errors surface on real use.
  }
}

export interface PageData extends Record<string, unknown> {
  title: string;
}

export function renderPage(view: string, data: PageData, locals: Record<string, unknown> = {}, layout = 'main'): string {
  const page = pages.get(view);
  if (!page) throw new Error(`No view ${view}`);
  const context = { ...locals, ...data };
  const body = page(context);
  const frame = layouts.get(layout);
  if (!frame) throw new Error(`No layout ${layout}`);
  return frame({ ...context, body });
}

/** Renders a page into the response, with what every view needs from res.locals. */
export function render(res: Response, view: string, data: PageData, status = 200): void {
  res.status(status).type('html').send(renderPage(view, data, res.locals));
}
