// How dates are shown: New Zealand style (06/07/2025, 1:30 PM) in the service's time zone.
// Lists format dozens of dates per page and Intl formatting costs microseconds each, so the zone's
// offset is looked up once per hour of time and the digits are put together by hand.
const TIME_ZONE = 'Pacific/Auckland';

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

const HOUR = 3_600_000;
const offsets = new Map<number, number>();

/** Minutes the service's time zone is ahead of UTC at the given instant (DST included). */
function zoneOffsetMinutes(d: Date): number {
  const hour = Math.floor(d.getTime() / HOUR);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const probe = new Date(hour * HOUR);
    const parts = partsFormat.formatToParts(probe);
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'));
    offset = Math.round((asUtc - probe.getTime()) / 60_000);
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

/** The wall-clock fields of an instant in the service's time zone. */
function local(d: Date) {
  const shifted = new Date(d.getTime() + zoneOffsetMinutes(d) * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

export function formatDate(d: Date): string {
  const l = local(d);
  return `${two(l.day)}/${two(l.month)}/${l.year}`;
}

export function formatTime(d: Date): string {
  const { hour, minute } = local(d);
  return `${hour % 12 === 0 ? 12 : hour % 12}:${two(minute)} ${hour < 12 ? 'AM' : 'PM'}`;
}

export const formatDateTime = (d: Date) => `${formatDate(d)} ${formatTime(d)}`;

/** The calendar day (YYYY-MM-DD) of an instant in the service's time zone. */
export function localDay(d: Date): string {
  const l = local(d);
  return `${l.year}-${two(l.month)}-${two(l.day)}`;
}

/** Parses YYYY-MM-DD as midnight in the service's time zone; null when not a real date. */
export function parseLocalDay(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Years outside any case's life are typing mistakes (Date.UTC would also read 0026 as 1926, and
  // 9999-12-31 sorts below stored dates in SQLite's text form).
  if (y < 1900 || y > 2199) return null;
  const probe = new Date(Date.UTC(y, mo - 1, d, 12));
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  // Midnight local is midnight UTC minus the zone's offset at that midnight: guess with the
  // offset later that day, then correct with the offset at the guess (a DST change falls between).
  const midnightUtc = Date.UTC(y, mo - 1, d);
  const guess = new Date(midnightUtc - zoneOffsetMinutes(probe) * 60_000);
  return new Date(midnightUtc - zoneOffsetMinutes(guess) * 60_000);
}
