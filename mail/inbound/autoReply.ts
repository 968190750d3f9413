// Mail no person wrote: out-of-office replies, bounces, mailing-list traffic. It is dropped without
// an answer, so two robots can never start answering each other.
export function automatedReason(headers: Map<string, unknown>, from: string): string | null {
  const get = (name: string) => {
    const v = headers.get(name);
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v;
    if (typeof v === 'object' && 'value' in (v as object)) return String((v as { value: unknown }).value);
    return String(v);
  };
  const autoSubmitted = get('auto-submitted').trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = get('precedence').trim().toLowerCase();
  if (['bulk', 'list', 'junk', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  if (get('x-autoreply') || get('x-autorespond') || get('x-autoresponder')) return 'an auto-responder header';
  if (get('list-id') || get('list-unsubscribe')) return 'a mailing list header';
  const contentType = get('content-type').toLowerCase();
  if (contentType.includes('multipart/report') || contentType.includes('delivery-status')) return 'a delivery report (bounce)';
  if (/^(mailer-daemon|postmaster)@/i.test(from)) return 'a mail server (bounce)';
  const returnPath = get('return-path');
  if (returnPath.trim() === '<>') return 'an empty return path (bounce)';
  return null;
}
