// What a person typed into a form that could not be accepted (its CSRF token had expired: the page
// was open too long, or they signed in again in another tab), so the refusal page can give it back
// to copy instead of losing it. Only for a form posted from this service's own pages: a page on
// another site must not be able to put its words on ours.
import type { Request } from 'express';

// Hidden and control fields: never typed by a person.
const NOT_TYPED = new Set(['_csrf', 'formId', 'version', 'action', 'next', 'confirm', 'back', 'kind', 'itemId', 'shared', 'contact']);
const MAX_SHOWN = 20;

// The forms' own words for their fields; anything else is shown as "Text".
const LABELS: Record<string, string> = {
  body: 'Comment',
  summary: 'Closure summary',
  reason: 'Reason',
  notes: 'Notes',
  concerns: 'Concerns',
  alreadyTried: 'What the school has already tried',
  otherAgencies: 'Other agencies involved',
  patternNotes: 'About the pattern',
  consentNotes: 'About consent',
  caregiverName: 'Caregiver name',
  relationship: 'Relationship',
  name: 'Full name',
  email: 'Email address',
  phone: 'Phone number',
  source: 'Source',
  serviceName: 'Service name',
  serviceProvider: 'Service provider',
};

export interface TypedField {
  label: string;
  value: string;
}

/** Text fields of a same-site form post, longest first; empty for anything else. */
export function typedTextOf(req: Request): TypedField[] {
  // Sent by every current browser; a request without it (or from elsewhere) gets nothing back.
  if (req.get('sec-fetch-site') !== 'same-origin') return [];
  const body = req.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return [];
  return Object.entries(body)
    .filter((e): e is [string, string] => !NOT_TYPED.has(e[0]) && typeof e[1] === 'string' && e[1].trim().length > 0)
    .map(([name, value]) => ({ label: Object.hasOwn(LABELS, name) ? LABELS[name]! : 'Text', value }))
    .sort((a, b) => b.value.length - a.value.length)
    .slice(0, MAX_SHOWN);
}
