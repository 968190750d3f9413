// The request form's rules, page by page.
import test from 'ava';
import { draftValues, firstIncompleteStep, validateStep, LIMITS } from '../../domain/requestForm';

test('the attendance page accepts a rate and days as numbers and names each problem', (t) => {
  t.deepEqual(validateStep('attendance', { attendanceRate: '72.5', daysMissed: '9', pattern: 'Whole days missed', patternNotes: '' }), {
    ok: true,
    value: { attendanceRate: 72.5, daysMissed: 9, pattern: 'Whole days missed', patternNotes: '' },
  });
  const bad = validateStep('attendance', { attendanceRate: '', daysMissed: '-3', pattern: 'Sometimes' });
  t.false(bad.ok);
  if (!bad.ok) {
    t.deepEqual(
      bad.errors.map((e) => e.field),
      ['attendanceRate', 'daysMissed', 'pattern'],
    );
    t.is(bad.errors[0]?.message, 'Enter the attendance rate as a percentage');
  }
});

test('text longer than the limit is refused with the limit named', (t) => {
  const r = validateStep('concerns', { concerns: 'x'.repeat(LIMITS.longText + 1), alreadyTried: 'Calls', otherAgencies: '' });
  t.false(r.ok);
  if (!r.ok) t.is(r.errors[0]?.message, `Concerns must be ${LIMITS.longText} characters or fewer`);
});

test('the whānau page needs a way to reach the caregiver, and a reason when consent is not given', (t) => {
  const r = validateStep('whanau', { caregiverName: 'Ana', relationship: 'Aunt', caregiverPhone: '', caregiverEmail: '', consentToShare: 'no', consentNotes: '' });
  t.false(r.ok);
  if (!r.ok) t.deepEqual(r.errors.map((e) => e.field), ['caregiverPhone', 'consentNotes']);
  t.true(validateStep('whanau', { caregiverName: 'Ana', relationship: 'Aunt', caregiverPhone: '', caregiverEmail: 'ana@example.com', consentToShare: 'yes' }).ok);
});

test('malformed phone numbers and email addresses are explained', (t) => {
  const r = validateStep('primaryContact', { userId: 'david', phone: 'call me', email: 'david@' });
  t.false(r.ok);
  if (!r.ok) {
    t.regex(r.errors[0]?.message ?? '', /digits, spaces/);
    t.regex(r.errors[1]?.message ?? '', /right format/);
  }
});

test('only the page’s own fields are read', (t) => {
  const r = validateStep('student', { studentId: 'st-1', status: 'SUBMITTED', caseReference: '1' });
  t.deepEqual(r, { ok: true, value: { studentId: 'st-1' } });
  t.deepEqual(draftValues('student', { studentId: 'st-1', evil: 'x' }), { studentId: 'st-1' });
});

test('the first unfinished page is found, or none when the request is complete', (t) => {
  t.is(firstIncompleteStep({})?.n, 1);
  t.is(firstIncompleteStep({ student: { studentId: 's' } })?.key, 'attendance');
  t.is(
    firstIncompleteStep({
      student: { studentId: 's' },
      attendance: { attendanceRate: 50, daysMissed: 3, pattern: 'Whole days missed', patternNotes: '' },
      concerns: { concerns: 'c', alreadyTried: 'a', otherAgencies: '' },
      whanau: { caregiverName: 'n', relationship: 'r', caregiverPhone: '021 123 456', caregiverEmail: '', preferredLanguage: '', consentToShare: 'yes', consentNotes: '' },
      primaryContact: { userId: 'u', phone: '09 123 4567', email: 'u@example.com' },
    }),
    null,
  );
});
