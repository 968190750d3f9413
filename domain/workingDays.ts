// Working-day arithmetic for the service levels: Saturdays, Sundays and the configured public
// holidays (in the service's time zone) do not count. Used by an activity, so the time zone and
// holiday data never make the workflow's replay depend on the machine.
import { localDay } from './dates';

const DAY = 86_400_000;

function isWorkingDay(t: Date, holidays: ReadonlySet<string>): boolean {
  const day = localDay(t);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(day);
}

/**
 * The instant `days` working days after `from`, at about the same time of day. Something that
 * starts on a weekend or holiday has its first working day counted from the next working day.
 */
export function addWorkingDays(from: Date, days: number, holidays: Iterable<string>): Date {
  const off = new Set(holidays);
  let t = from.getTime();
  let remaining = Math.max(0, Math.floor(days));
  while (remaining > 0) {
    t += DAY;
    if (isWorkingDay(new Date(t), off)) remaining--;
  }
  return new Date(t);
}

/** A configured service level: working days ("2", "2wd") or, for short test runs, a duration ("90s"). */
export type ServiceLevel = { workingDays: number } | { ms: number };

const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

export function parseServiceLevel(value: string): ServiceLevel | null {
  const text = value.trim().toLowerCase();
  const wd = /^(\d+)\s*(wd|working days?)?$/.exec(text);
  if (wd) return { workingDays: Number(wd[1]) };
  const d = /^(\d+)\s*d$/.exec(text);
  if (d) return { ms: Number(d[1]) * DAY };
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/.exec(text);
  return m ? { ms: Number(m[1]) * UNITS[m[2] as keyof typeof UNITS] } : null;
}

/** When a service level measured from `from` runs out. */
export function serviceLevelDeadline(from: Date, level: ServiceLevel, holidays: Iterable<string>): Date {
  return 'ms' in level ? new Date(from.getTime() + level.ms) : addWorkingDays(from, level.workingDays, holidays);
}
