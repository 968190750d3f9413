// Server-rendered pages: handlebars templates compiled once at start (layouts, partials, pages), and
// the helpers views share. Auto-escaping is never bypassed for anything a person typed.
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Response } from 'express';
import { formatDate, formatDateTime } from '../domain/dates';
import { CASE_STATUS_LABELS, CASE_TYPE_LABELS, type CaseStatus } from '../domain/caseStatus';
import { fileTypeLabel } from '../domain/fileTypes';

const root = path.join(__dirname, 'views');
const hbs = Handlebars.create();

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? walk(full) : d.name.endsWith('.hbs') ? [full] : [];
  });
}

const asDate = (v: unknown) => (v instanceof Date ? v : typeof v === 'string' || typeof v === 'number' ? new Date(v) : null);

const errorFor = (errors: unknown, field: string): string | undefined =>
  Array.isArray(errors) ? (errors.find((e: { field: string }) => e.field === field) as { message?: string } | undefined)?.message : undefined;

const helpers = {
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
  fileType: (t: unknown) => fileTypeLabel(String(t ?? '')),
  plural: (n: unknown, one: string, many: string) => (Number(n) === 1 ? one : many),
  /** The error message for a field, from the page's `errors` list. */
  errorFor,
  /**
   * A field's error message above the field, linked by id from its aria-describedby. A helper,
   * not a partial: a partial called with arguments copies the whole page's data on every call.
   */
  fieldError: (errors: unknown, field: string) => {
    const message = errorFor(errors, field);
    if (!message) return '';
    const e = Handlebars.Utils.escapeExpression;
    return new Handlebars.SafeString(`<p class="field-error" id="${e(field)}-error"><span class="visually-hidden">Error:</span> ${e(message)}</p>`);
  },
  /** Keeps selects and radios as the person left them. */
  checkedIf: (a: unknown, b: unknown) => (String(a ?? '') === String(b ?? '') ? 'checked' : ''),
  selectedIf: (a: unknown, b: unknown) => (String(a ?? '') === String(b ?? '') ? 'selected' : ''),
  add: (a: unknown, b: unknown) => Number(a) + Number(b),
  json: (v: unknown) => JSON.stringify(v),
  pagePartial: (name: string) => `page/${name}`,
};
hbs.registerHelper(helpers);

// preventIndent: re-indenting each partial's output line by line was a third of a list page's
// render time, for whitespace no one sees. knownHelpersOnly: every {{name}} is a plain lookup,
// not "is it a helper?" first; an unknown helper is then a compile error at start, not a blank.
const COMPILE_OPTIONS: Parameters<typeof Handlebars.compile>[1] = {
  strict: false,
  preventIndent: true,
  knownHelpers: Object.fromEntries(Object.keys(helpers).map((k) => [k, true])),
  knownHelpersOnly: true,
};

/**
 * A template without the indentation that keeps its source readable: a fifth of a list page's
 * bytes, paid for on every response in rendering, in the socket write and on the school's
 * network. Line breaks stay (HTML treats them as the spaces they were); whitespace inside <pre>
 * and <textarea> is content, and is kept.
 */
export function withoutIndentation(source: string): string {
  return source
    .split(/(<(?:pre|textarea)\b[\s\S]*?<\/(?:pre|textarea)>)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\n[ \t]+/g, '\n')))
    .join('');
}

/** Compiles a template; a syntax error or an unknown helper stops the start, naming the file. */
function compileFile(file: string, raw = fs.readFileSync(file, 'utf8')) {
  const source = withoutIndentation(raw);
  try {
    hbs.precompile(source, COMPILE_OPTIONS); // throws now; compile() would only throw on first use
  } catch (err) {
    throw new Error(`Template ${path.relative(root, file)}: ${(err as Error).message}`);
  }
  return hbs.compile(source, COMPILE_OPTIONS);
}

for (const file of walk(path.join(root, 'partials'))) {
  const name = path.relative(path.join(root, 'partials'), file).replace(/\.hbs$/, '').split(path.sep).join('/');
  hbs.registerPartial(name, compileFile(file));
}

// Pages are partials of the layout: one top-level template call per response, because each
// top-level call re-wraps every helper (measured: about a third of a short page's render time).
const pageNames = new Set<string>();
for (const file of walk(path.join(root, 'pages'))) {
  const name = path.relative(path.join(root, 'pages'), file).replace(/\.hbs$/, '').split(path.sep).join('/');
  hbs.registerPartial(`page/${name}`, compileFile(file));
  pageNames.add(name);
}
// The layout writes its dash as &ndash;: one character beyond Latin-1 anywhere in a page makes V8
// hold the whole page as a two-byte string, twice the memory and more work to write it out.
const layouts = new Map(
  walk(path.join(root, 'layouts')).map((file) => [
    path.basename(file, '.hbs'),
    compileFile(file, fs.readFileSync(file, 'utf8').replace('{{{body}}}', '{{> (pagePartial pageName) }}')),
  ]),
);
// Handlebars compiles lazily on first call; render each page once now so no request pays for it.
for (const name of pageNames) {
  try {
    renderPage(name, { title: '' });
  } catch {
    // Only data was missing (the templates compiled above); the warm-up is done either way.
  }
}

export interface PageData extends Record<string, unknown> {
  title: string;
}

export function renderPage(view: string, data: PageData, locals: Record<string, unknown> = {}, layout = 'main'): string {
  if (!pageNames.has(view)) throw new Error(`No view ${view}`);
  const frame = layouts.get(layout);
  if (!frame) throw new Error(`No layout ${layout}`);
  // Object.assign, not spread: see web/present.ts for why.
  return frame(Object.assign({ pageName: view }, locals, data));
}

/** Renders a page into the response, with what every view needs from res.locals. */
export function render(res: Response, view: string, data: PageData, status = 200): void {
  const html = renderPage(view, data, res.locals);
  // Written directly: Express's send() re-parses the content type and checks freshness, which a
  // personal page never needs.
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(html));
  res.end(res.req.method === 'HEAD' ? undefined : html);
}
