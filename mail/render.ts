// Renders a notification from its handlebars templates: <name>.subject.hbs, <name>.html.hbs (inside
// layout.html.hbs) and <name>.text.hbs. Templates compile once per process.
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';

const dir = path.join(__dirname, 'templates');
const hbs = Handlebars.create();
const cache = new Map<string, Handlebars.TemplateDelegate>();

function template(file: string): Handlebars.TemplateDelegate {
  let t = cache.get(file);
  if (!t) {
    t = hbs.compile(fs.readFileSync(path.join(dir, file), 'utf8'), { strict: true });
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

export function renderEmail(name: string, data: Record<string, unknown>): RenderedEmail {
  const subject = template(`${name}.subject.hbs`)(data).trim().replace(/\s+/g, ' ');
  const body = template(`${name}.html.hbs`)(data);
  return {
    subject,
    html: template('layout.html.hbs')({ subject, body }),
    text: template(`${name}.text.hbs`)(data),
  };
}
