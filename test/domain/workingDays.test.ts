// Working-day arithmetic for the service levels: weekends and public holidays do not count.
import test from 'ava';
import { addWorkingDays, parseServiceLevel, serviceLevelDeadline } from '../../domain/workingDays';

// Thursday 24 December 2026, 10:00 in New Zealand (NZDT, UTC+13).
const thursday = new Date('2026-12-23T21:00:00Z');
const holidays = ['2026-12-25', '2026-12-28'];

test('two working days from a Thursday before Christmas skip Christmas, the weekend and the observed Boxing Day', (t) => {
  // Fri 25 (holiday), Sat, Sun, Mon 28 (holiday) do not count: Tue 29 is day 1, Wed 30 day 2.
  t.is(addWorkingDays(thursday, 2, holidays).toISOString(), '2026-12-29T21:00:00.000Z');
});

test('without holidays only the weekend is skipped', (t) => {
  t.is(addWorkingDays(thursday, 2, []).toISOString(), '2026-12-27T21:00:00.000Z'); // Mon 28, 10:00
});

test('a start on a Saturday counts Monday as the first working day', (t) => {
  const saturday = new Date('2026-12-04T23:00:00Z'); // Sat 5 Dec, 12:00 NZDT
  t.is(addWorkingDays(saturday, 1, []).toISOString(), '2026-12-06T23:00:00.000Z'); // Mon 7 Dec
});

test('service levels are working days or, for short runs, durations', (t) => {
  t.deepEqual(parseServiceLevel('2'), { workingDays: 2 });
  t.deepEqual(parseServiceLevel('3 working days'), { workingDays: 3 });
  t.deepEqual(parseServiceLevel('90s'), { ms: 90_000 });
  t.deepEqual(parseServiceLevel('2d'), { ms: 2 * 86_400_000 });
  t.is(parseServiceLevel('soon'), null);
  t.is(serviceLevelDeadline(thursday, { ms: 1000 }, holidays).toISOString(), '2026-12-23T21:00:01.000Z');
});
