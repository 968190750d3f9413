// Driving the portal in-process as a person would: an agent that keeps its cookies, reads the CSRF
// token off each page and posts forms with it.
import request from 'supertest';
import type { Express } from 'express';

export const csrfFrom = (html: string) => /name="_csrf" value="([^"]*)"/.exec(html)?.[1] ?? '';

export class Browser {
  readonly agent: ReturnType<typeof request.agent>;
  private token = '';

  /** An app (one throwaway server per request) or the address of a listening one. */
  constructor(app: Express | string) {
    this.agent = request.agent(app);
  }

  async get(path: string) {
    const res = await this.agent.get(path);
    const t = csrfFrom(res.text ?? '');
    if (t) this.token = t;
    return res;
  }

  /** Posts a form with the token from the last page viewed (like a real form would). */
  async post(path: string, fields: Record<string, string> = {}) {
    return this.agent.post(path).type('form').send({ _csrf: this.token, ...fields });
  }

  async signIn(email: string) {
    await this.get('/login');
    const res = await this.post('/login/dev', { email, next: '/' });
    if (res.status !== 303) throw new Error(`sign-in as ${email} failed: ${res.status}`);
    await this.get('/');
    return res;
  }
}

export const people = {
  susan: 'susan.wildes@northhigh.school.example',
  david: 'david.smith@northhigh.school.example',
  mere: 'mere.ngata@northhigh.school.example',
  oscar: 'oscar.tane@northhigh.school.example',
  dana: 'dana.reid@northhigh.school.example',
  sam: 'sam.lee@southbay.school.example',
  aria: 'aria.kahu@kowhai.school.example',
  jane: 'jane.doe@northwood.provider.example',
  tom: 'tom.walker@northwood.provider.example',
  wiremu: 'wiremu.hohaia@northwood.provider.example',
  ken: 'ken.moana@southbay.provider.example',
  lee: 'lee.park@southbay.provider.example',
  hana: 'hana.rua@kowhai.provider.example',
  pat: 'pat.operator@attendance.example',
} as const;

/** Fills in and submits a whole Chronic Absence request; returns the new case's reference. */
export async function submitRequest(b: Browser, o: { studentQuery: string; studentId: string; contactId: string; contactEmail: string }) {
  await b.get('/services/chronic-absence');
  const started = await b.post('/requests');
  const number = /\/requests\/(\d{9})\/step\/1/.exec(started.headers.location ?? '')?.[1];
  if (!number) throw new Error(`no draft started: ${started.status}`);
  const page = async (n: number, fields: Record<string, string>) => {
    const view = await b.get(`/requests/${number}/step/${n}${n === 1 ? `?q=${encodeURIComponent(o.studentQuery)}` : ''}`);
    const version = /name="version" value="(\d+)"/.exec(view.text)?.[1] ?? '';
    const res = await b.post(`/requests/${number}/step/${n}`, { version, action: 'continue', ...fields });
    if (res.status !== 303) throw new Error(`page ${n} refused: ${res.status} ${res.text.slice(0, 500)}`);
  };
  await page(1, { studentId: o.studentId });
  await page(2, { attendanceRate: '68', daysMissed: '12', pattern: 'Whole days missed', patternNotes: '' });
  await page(3, { concerns: 'Absent most Mondays.', alreadyTried: 'Calls home and a whānau hui.', otherAgencies: '' });
  await page(4, { caregiverName: 'Ana Example', relationship: 'Mother', caregiverPhone: '021 555 0101', caregiverEmail: '', preferredLanguage: '', consentToShare: 'yes', consentNotes: '' });
  await page(5, { userId: o.contactId, phone: '09 444 1001', email: o.contactEmail });
  await b.get(`/requests/${number}/review`);
  const submitted = await b.post(`/requests/${number}/submit`);
  const reference = /\/cases\/(\d{8})/.exec(submitted.headers.location ?? '')?.[1];
  if (!reference) throw new Error(`submit failed: ${submitted.status} ${submitted.text?.slice(0, 500)}`);
  return { number, reference, response: submitted };
}
