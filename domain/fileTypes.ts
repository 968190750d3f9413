// Which files may be attached to a case: common documents and images, recognised by their content
// (the first bytes), not just their name, and the name's extension must agree with the content.
// Anything that could run (programs, scripts), archives, and web pages are refused.
export interface FileKind {
  label: string;
  contentType: string;
  extensions: string[];
}

const KINDS: Record<string, FileKind> = {
  pdf: { label: 'PDF', contentType: 'application/pdf', extensions: ['pdf'] },
  png: { label: 'PNG image', contentType: 'image/png', extensions: ['png'] },
  jpeg: { label: 'JPEG image', contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  gif: { label: 'GIF image', contentType: 'image/gif', extensions: ['gif'] },
  webp: { label: 'WebP image', contentType: 'image/webp', extensions: ['webp'] },
  heic: { label: 'HEIC photo', contentType: 'image/heic', extensions: ['heic', 'heif'] },
  tiff: { label: 'TIFF image', contentType: 'image/tiff', extensions: ['tif', 'tiff'] },
  docx: { label: 'Word document', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  xlsx: { label: 'Excel spreadsheet', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  pptx: { label: 'PowerPoint presentation', contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extensions: ['pptx'] },
  odt: { label: 'OpenDocument text', contentType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'] },
  ods: { label: 'OpenDocument spreadsheet', contentType: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'] },
  doc: { label: 'Word 97-2003 document', contentType: 'application/msword', extensions: ['doc'] },
  xls: { label: 'Excel 97-2003 spreadsheet', contentType: 'application/vnd.ms-excel', extensions: ['xls'] },
  msg: { label: 'Outlook message', contentType: 'application/vnd.ms-outlook', extensions: ['msg'] },
  rtf: { label: 'Rich text document', contentType: 'application/rtf', extensions: ['rtf'] },
  txt: { label: 'Text file', contentType: 'text/plain', extensions: ['txt', 'csv', 'eml'] },
};

/** A file type as people name it ("PDF", "Word document"), from its content type. */
export const fileTypeLabel = (contentType: string) => Object.values(KINDS).find((k) => k.contentType === contentType)?.label ?? contentType;

export const ACCEPTED_EXTENSIONS = Object.values(KINDS).flatMap((k) => k.extensions);
export const ACCEPTED_DESCRIPTION = 'PDF, Word, Excel, PowerPoint, OpenDocument, rich text, plain text or CSV, email, and JPEG, PNG, GIF, WebP, HEIC or TIFF images';

/** How many leading bytes sniffing needs. */
export const SNIFF_BYTES = 4096;

const starts = (b: Buffer, sig: number[] | string, at = 0) => {
  const bytes = typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig);
  return b.length >= at + bytes.length && b.subarray(at, at + bytes.length).equals(bytes);
};

export type Sniffed = { ok: true; kind: FileKind } | { ok: false; reason: string };

const extensionOf = (name: string) => (/\.([a-z0-9]{1,5})$/i.exec(name)?.[1] ?? '').toLowerCase();

/** Decides from the first bytes and the name; `head` is at most SNIFF_BYTES long. */
export function sniff(name: string, head: Buffer): Sniffed {
  const ext = extensionOf(name);
  if (head.length === 0) return { ok: false, reason: 'is empty' };
  if (starts(head, 'MZ') || starts(head, [0x7f, 0x45, 0x4c, 0x46]) || starts(head, [0xcf, 0xfa, 0xed, 0xfe]) || starts(head, [0xca, 0xfe, 0xba, 0xbe]) || starts(head, '#!')) {
    return { ok: false, reason: 'is a program or script, which cannot be attached to a case' };
  }
  let kind: FileKind | null = null;
  if (starts(head, '%PDF-')) kind = KINDS.pdf!;
  else if (starts(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) kind = KINDS.png!;
  else if (starts(head, [0xff, 0xd8, 0xff])) kind = KINDS.jpeg!;
  else if (starts(head, 'GIF87a') || starts(head, 'GIF89a')) kind = KINDS.gif!;
  else if (starts(head, 'RIFF') && starts(head, 'WEBP', 8)) kind = KINDS.webp!;
  else if (starts(head, 'ftyp', 4) && /^(heic|heix|hevc|mif1|msf1)$/.test(head.subarray(8, 12).toString('latin1'))) kind = KINDS.heic!;
  else if (starts(head, [0x49, 0x49, 0x2a, 0x00]) || starts(head, [0x4d, 0x4d, 0x00, 0x2a])) kind = KINDS.tiff!;
  else if (starts(head, '{\\rtf')) kind = KINDS.rtf!;
  else if (starts(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // Old Office files share one container: the extension says which.
    kind = ext === 'xls' ? KINDS.xls! : ext === 'msg' ? KINDS.msg! : ext === 'doc' ? KINDS.doc! : null;
    if (!kind) return { ok: false, reason: 'is an old-style Office file whose name does not end .doc, .xls or .msg' };
  } else if (starts(head, [0x50, 0x4b, 0x03, 0x04])) {
    // Office documents are zip files; a plain archive could carry anything.
    const text = head.toString('latin1');
    if (text.includes('mimetypeapplication/vnd.oasis.opendocument.text')) kind = KINDS.odt!;
    else if (text.includes('mimetypeapplication/vnd.oasis.opendocument.spreadsheet')) kind = KINDS.ods!;
    else if (text.includes('[Content_Types].xml') || text.includes('word/') || text.includes('xl/') || text.includes('ppt/') || text.includes('docProps/')) {
      kind = ext === 'xlsx' ? KINDS.xlsx! : ext === 'pptx' ? KINDS.pptx! : ext === 'docx' ? KINDS.docx! : null;
      if (!kind) return { ok: false, reason: 'is an Office document whose name does not end .docx, .xlsx or .pptx' };
    } else {
      return { ok: false, reason: 'is a zip archive; attach the documents themselves instead' };
    }
  } else if (isText(head)) {
    if (/^\s*<(!doctype html|html|svg|\?xml)/i.test(head.toString('utf8'))) {
      return { ok: false, reason: 'is a web page or SVG image, which cannot be attached; save it as PDF instead' };
    }
    kind = KINDS.txt!;
  }
  if (!kind) return { ok: false, reason: `is not a type of file the service accepts (${ACCEPTED_DESCRIPTION})` };
  if (!kind.extensions.includes(ext)) {
    return { ok: false, reason: `is a ${kind.label} but its name ends “.${ext || '(nothing)'}”: rename it to end .${kind.extensions[0]} and try again` };
  }
  return { ok: true, kind };
}

function isText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  const text = head.toString('utf8');
  // Undecodable bytes become U+FFFD; a few are tolerated only at the very end (a cut-off character).
  const bad = (text.slice(0, -2).match(/\uFFFD/g) ?? []).length;
  return bad === 0;
}

/**
 * A file name that is safe to store, show and send back, and still readable: no folders, no
 * control or reserved characters, at most 120 characters with the extension kept.
 */
export function safeFileName(raw: string): string {
  let name = raw.normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (name.length > 120) {
    const ext = extensionOf(name);
    name = `${name.slice(0, 120 - ext.length - 1).trim()}.${ext}`;
  }
  return name || 'file';
}
