// The words a person wrote in a reply, without the quoted history below (or above) them and
// without their signature. The raw message is kept separately, so nothing is lost by trimming.
import EmailReplyParser from 'email-reply-parser';

// Closing lines mail apps add on their own, which the parser's signature rules do not all know.
const APP_FOOTERS = [
  /^sent from my (iphone|ipad|android|samsung|galaxy|mobile|phone)\b.*$/i,
  /^sent from (outlook|mail) for (ios|android|windows).*$/i,
  /^get outlook for (ios|android).*$/i,
  /^sent from yahoo mail.*$/i,
  /^envoyé de mon (iphone|ipad).*$/i,
  /^von meinem (iphone|ipad) gesendet.*$/i,
];

// Quote headers the parser misses: Outlook's underline separator and "From: … Sent: …" block
// (with or without angle brackets), and its translations.
const QUOTE_STARTS = [
  /^_{10,}\s*$/,
  /^(from|von|de|da|van|fra|från|kimai)\s*:\s*.+$/i,
  /^-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original)\s*-{2,}\s*$/i,
];

const parser = new EmailReplyParser();

export function replyText(text: string): string {
  const normalised = text.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ');
  let visible = parser.parseReply(normalised);
  const lines = visible.split('\n');
  // Cut at the first Outlook-style quote header the parser left in.
  const cut = lines.findIndex((line, i) => QUOTE_STARTS.some((re) => re.test(line.trim())) && looksLikeQuoteBlock(lines, i));
  const kept = cut === -1 ? lines : lines.slice(0, cut);
  // Drop app footers and trailing blank lines.
  while (kept.length && (kept[kept.length - 1]!.trim() === '' || APP_FOOTERS.some((re) => re.test(kept[kept.length - 1]!.trim())))) kept.pop();
  visible = kept.join('\n').replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n');
  return visible.trim();
}

/** A "From:" line starts a quoted message only when "Sent:"/"Date:" or "To:"/"Subject:" follow it. */
function looksLikeQuoteBlock(lines: string[], at: number): boolean {
  const first = lines[at]!.trim();
  if (/^_{10,}$/.test(first) || /^-{2,}/.test(first)) return true;
  const next = lines.slice(at + 1, at + 5).join('\n');
  return /^(sent|date|gesendet|envoyé|enviado|inviato|verzonden|to|an|à|para|aan|subject|betreff|objet|asunto)\s*:/im.test(next);
}
