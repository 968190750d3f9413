// Numbers and dates as the portal shows them.
import test from 'ava';
import { formatCaseReference, formatReferralNumber, formatRequestNumber } from '../../domain/numbers';
import { formatDate, formatDateTime, localDay, parseLocalDay } from '../../domain/dates';
import { chooseProvider, NoProviderError } from '../../domain/allocation';

test('case references have 8 digits, request numbers 9, referrals REF- and 11', (t) => {
  t.is(formatCaseReference(98712), '00098712');
  t.is(formatRequestNumber(999229933), '999229933');
  t.is(formatReferralNumber(3), 'REF-00000000003');
});

test('dates are shown New Zealand style in New Zealand time', (t) => {
  const d = new Date('2025-06-13T00:30:00Z'); // 12:30 PM NZST
  t.is(formatDate(d), '13/06/2025');
  t.is(formatDateTime(d), '13/06/2025 12:30 PM');
  t.is(localDay(new Date('2026-12-31T11:30:00Z')), '2027-01-01'); // NZDT is UTC+13
  t.is(formatDateTime(new Date('2026-12-31T23:05:00Z')), '01/01/2027 12:05 PM');
  t.is(formatDateTime(new Date('2026-07-01T12:00:00Z')), '02/07/2026 12:00 AM');
});

test('a typed date is a real calendar date or nothing', (t) => {
  t.is(parseLocalDay('2026-06-01')?.toISOString(), '2026-05-31T12:00:00.000Z');
  t.is(parseLocalDay('2026-02-30'), null);
  t.is(parseLocalDay('0026-06-01'), null, 'not read as 1926');
  t.is(parseLocalDay('9999-12-31'), null);
  // The day daylight saving starts (27 Sep 2026, at 2am): midnight is still NZST, UTC+12.
  t.is(parseLocalDay('2026-09-27')?.toISOString(), '2026-09-26T12:00:00.000Z');
  t.is(parseLocalDay('2026-09-28')?.toISOString(), '2026-09-27T11:00:00.000Z');
  t.is(parseLocalDay('01/06/2026'), null);
});

test('allocation: the In-School Provision first, then the catchment provider, else a clear error', (t) => {
  t.deepEqual(chooseProvider({ id: 'k', inSchoolProviderId: 'isp', catchment: { id: 'n', providerId: 'nw' } }), { providerId: 'isp', via: 'IN_SCHOOL' });
  t.deepEqual(chooseProvider({ id: 'h', inSchoolProviderId: null, catchment: { id: 'n', providerId: 'nw' } }), { providerId: 'nw', via: 'CATCHMENT' });
  t.throws(() => chooseProvider({ id: 'x', inSchoolProviderId: null, catchment: { id: 'c', providerId: null } }), { instanceOf: NoProviderError });
});
