// Reply addresses for notifications to provider staff: reply+<token>@<mail domain>. The token names
// the case, a fingerprint of the recipient and the day it was made, and is signed with the app's
// secret: it cannot be forged, edited to point at another case, used by another sender, or used
// after it expires. Lower-case letters and digits only (some mail systems change case), and short
// enough for the 64 characters an address's local part may have.
import crypto from 'node:crypto';

const DAY = 86_400_000;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Buffer, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export interface ReplyTarget {
  reference: string;
  /** A fingerprint of the recipient's user id: compare with recipientFingerprint(). */
  recipient: string;
  issuedDay: number;
}

export type ReplyVerdict = { ok: true; target: ReplyTarget } | { ok: false; reason: 'not-ours' | 'forged' | 'expired' };

export function createReplyTokens(o: { secret: string; domain: string; validDays: number }) {
  const hmac = (what: string) => crypto.createHmac('sha256', `reply-token|${o.secret}`).update(what).digest();
  const recipientFingerprint = (userId: string) => base32(hmac(`user|${userId}`), 10);
  const sign = (payload: string) => base32(hmac(`token|${payload}`), 16);

  function issue(reference: string, userId: string, now = new Date()): string {
    const payload = `${reference}.${Math.floor(now.getTime() / DAY).toString(36)}.${recipientFingerprint(userId)}`;
    return `${payload}.${sign(payload)}`;
  }

  const address = (token: string) => `reply+${token}@${o.domain}`;

  /** Checks a reply+…@ address. */
  function verify(addr: string, now = new Date()): ReplyVerdict {
    const m = /^<?reply\+([a-z0-9.]+)@([^>\s]+)>?$/i.exec(addr.trim());
    if (!m || m[2]!.toLowerCase() !== o.domain.toLowerCase()) return { ok: false, reason: 'not-ours' };
    const parts = m[1]!.toLowerCase().split('.');
    if (parts.length !== 4) return { ok: false, reason: 'forged' };
    const [reference, day, recipient, signature] = parts as [string, string, string, string];
    const expected = Buffer.from(sign(`${reference}.${day}.${recipient}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return { ok: false, reason: 'forged' };
    const issuedDay = parseInt(day, 36);
    if (!/^\d{8}$/.test(reference) || !Number.isFinite(issuedDay)) return { ok: false, reason: 'forged' };
    if (Math.floor(now.getTime() / DAY) - issuedDay > o.validDays) return { ok: false, reason: 'expired' };
    return { ok: true, target: { reference, recipient, issuedDay } };
  }

  return { issue, address, verify, recipientFingerprint };
}

export type ReplyTokens = ReturnType<typeof createReplyTokens>;

/** The reply tokens of this deployment: signed with its session secret, for its mail domain. */
export const replyTokensFor = (config: { sessionSecret: string; mailDomain: string; replyTokenDays: number }) =>
  createReplyTokens({ secret: config.sessionSecret, domain: config.mailDomain, validDays: config.replyTokenDays });
