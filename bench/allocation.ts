// How long a school user waits between Submit and the new, allocated case: through the portal's
// HTTP submit, the update-with-start, the workflow and its activities, on Temporal's real dev
// server. The baseline is a no-op update on a running case workflow, in the same run.
import { startTemporal, bundleWorkflows } from '../test/helpers/temporal';
import { startStack } from '../test/helpers/stack';
import { Browser, people } from '../test/helpers/web';
import { startDraft, savePage, findRequest } from '../requests/drafts';
import type { RequestAnswers } from '../domain/requestForm';
import { caseWorkflowId } from '../temporal.config';
import { awaitAllocationUpdate } from '../workflows/messages';

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

export async function measureAllocation(n: number) {
  const env = await startTemporal();
  const bundle = await bundleWorkflows();
  const stack = await startStack({ env, bundle });
  try {
    const { db } = stack.database;
    const answers: RequestAnswers = {
      student: { studentId: 'st-noah' },
      attendance: { attendanceRate: 70, daysMissed: 10, pattern: 'Whole days missed', patternNotes: '' },
      concerns: { concerns: 'Frequent absence.', alreadyTried: 'Calls home.', otherAgencies: '' },
      whanau: { caregiverName: 'A Parent', relationship: 'Mother', caregiverPhone: '021 000 000', caregiverEmail: '', preferredLanguage: '', consentToShare: 'yes', consentNotes: '' },
      primaryContact: { userId: 'david.smith', phone: '09 444 1002', email: 'david.smith@northhigh.school.example' },
    };
    const susan = new Browser(stack.app);
    await susan.signIn(people.susan);
    const times: number[] = [];
    const references: string[] = [];
    for (let i = 0; i < n + 3; i++) {
      let draft = await startDraft(db, 'susan.wildes', 'north-high');
      let version = draft.version;
      for (const [key, value] of Object.entries(answers)) {
        version = await savePage(db, draft, version, key as keyof RequestAnswers, value, 5);
        draft = (await findRequest(db, draft.number))!;
      }
      await susan.get(`/requests/${draft.number}/review`);
      const started = performance.now();
      const res = await susan.post(`/requests/${draft.number}/submit`);
      const took = performance.now() - started;
      if (res.status !== 303) throw new Error(`submit failed: ${res.status}`);
      references.push(/\/cases\/(\d{8})/.exec(res.headers.location ?? '')![1]!);
      if (i >= 3) times.push(took); // the first few warm up the worker's caches
    }
    // Baseline: the same kind of round trip with no work behind it.
    const handle = stack.client.workflow.getHandle(caseWorkflowId(references[0]!));
    const noop: number[] = [];
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      await handle.executeUpdate(awaitAllocationUpdate);
      noop.push(performance.now() - started);
    }
    return { p50: percentile(times, 50), max: Math.max(...times), noopP50: percentile(noop, 50) };
  } finally {
    await stack.close();
    await env.teardown();
  }
}
