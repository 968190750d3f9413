// How dates are shown: New Zealand style (06/07/2025, 1:30 PM) in the service's time zone.
const TIME_ZONE = 'Pacific/Auckland';

const dateFormat = new Intl.DateTimeFormat('en-NZ', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('en-NZ', { timeZone: TIME_ZONE, hour: 'numeric', minute: '2-digit', hour12: true });
const isoDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

export const formatDate = (d: Date) => dateFormat.format(d);
export const formatTime = (d: Date) => timeFormat.format(d).replace(/\s?([ap])\.?m\.?$/i, (_m, p: string) => ` ${p.toUpperCase()}M`);
export const formatDateTime = (d: Date) => `${formatDate(d)} ${formatTime(d)}`;
/** The calendar day (YYYY-MM-DD) of an instant in the service's time zone. */
export const localDay = (d: Date) => isoDayFormat.format(d);

/** Parses YYYY-MM-DD as midnight in the service's time zone; null when not a real date. */
export function parseLocalDay(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d, 12));
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  // Midnight local = noon UTC minus the zone's offset at noon, then back 12 hours.
  const offsetMinutes = zoneOffsetMinutes(probe);
  return new Date(Date.UTC(y, mo - 1, d) - offsetMinutes * 60_000);
}

function zoneOffsetMinutes(d: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(d);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - d.getTime()) / 60_000);
}
