// Renders a notification from its handlebars templates: <name>.subject.hbs, <name>.html.hbs (inside
// layout.html.hbs) and <name>.text.hbs. Templates compile once per process.
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { CASE_EVENTS, type CaseEventName } from './events';

const dir = path.join(__dirname, 'templates');
const hbs = Handlebars.create();
const cache = new Map<string, Handlebars.TemplateDelegate>();

function template(file: string): Handlebars.TemplateDelegate {
  let t = cache.get(file);
  if (!t) {
    // Plain text and subjects are not HTML: escaping would show &amp; and &#x27; to the reader.
    const plain = file.endsWith('.text.hbs') || file.endsWith('.subject.hbs');
    t = hbs.compile(fs.readFileSync(path.join(dir, file), 'utf8'), { strict: true, noEscape: plain });
    cache.set(file, t);
  }
  return t;
}

export const templateExists = (name: string) => fs.existsSync(path.join(dir, `${name}.text.hbs`));

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);

const eventParts = new Map<string, { subject: Handlebars.TemplateDelegate; lines: Handlebars.TemplateDelegate[] }>();

/** A case notification: the event's own wording (mail/events.ts) inside the caseEvent templates. */
export function renderCaseEvent(event: CaseEventName, data: Record<string, unknown>): RenderedEmail {
  let parts = eventParts.get(event);
  if (!parts) {
    const def = CASE_EVENTS[event];
    parts = { subject: hbs.compile(def.subject, { noEscape: true }), lines: def.lines.map((l) => hbs.compile(l, { noEscape: true })) };
    eventParts.set(event, parts);
  }
  const subject = parts.subject(data).trim();
  // The wording is compiled without escaping so the plain-text part reads naturally; the HTML
  // template escapes each line as it is placed.
  const lines = parts.lines.map((l) => l(data).trim()).filter(Boolean);
  return renderEmail('caseEvent', { ...data, subject, lines });
}

export function renderEmail(name: string, data: Record<string, unknown>): RenderedEmail {
  const subject = template(`${name}.subject.hbs`)(data).trim().replace(/\s+/g, ' ');
  const body = template(`${name}.html.hbs`)(data);
  return {
    subject,
    html: template('layout.html.hbs')({ subject, body }),
    text: template(`${name}.text.hbs`)(data),
  };
}
