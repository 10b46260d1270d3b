/**
 * Which files the desk accepts as attachments, and whether a file's bytes are what its declared type
 * says. A type with a signature ("magic bytes") must start with it; a text type must look like text
 * (no NUL byte, no other type's signature), so an executable renamed to notes.txt is refused too.
 */

export interface AcceptedType {
  /** The canonical media type, stored and served back. */
  mime: string;
  /** Other names clients send for it. */
  aliases?: readonly string[];
  extensions: readonly string[];
  /** The file must start with one of these (an `undefined` byte matches any). */
  signatures?: ReadonlyArray<ReadonlyArray<number | undefined>>;
  text?: boolean;
  /**
   * An image whose pixels are decoded and written anew before it is kept (see clean-image.ts), in
   * this format: what the decoder finds must be this format, and nothing but pixels survives.
   */
  image?: ImageFormat;
}

/** The image formats kept (cleaned); HEIC is not among them because the image library here cannot decode it. */
export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'tiff';

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const ANY = undefined;
const ZIP = [ascii('PK\x03\x04'), ascii('PK\x05\x06')];
// OLE2 compound file: the legacy .doc/.xls/.ppt container.
const OLE2 = [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]];

export const ACCEPTED_TYPES: readonly AcceptedType[] = [
  { mime: 'image/png', extensions: ['png'], signatures: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]], image: 'png' },
  {
    mime: 'image/jpeg',
    aliases: ['image/jpg', 'image/pjpeg'],
    extensions: ['jpg', 'jpeg'],
    signatures: [[0xff, 0xd8, 0xff]],
    image: 'jpeg',
  },
  { mime: 'image/gif', extensions: ['gif'], signatures: [ascii('GIF87a'), ascii('GIF89a')], image: 'gif' },
  { mime: 'image/webp', extensions: ['webp'], signatures: [[...ascii('RIFF'), ANY, ANY, ANY, ANY, ...ascii('WEBP')]], image: 'webp' },
  // Scanners' format; little- or big-endian.
  {
    mime: 'image/tiff',
    extensions: ['tif', 'tiff'],
    signatures: [
      [...ascii('II'), 0x2a, 0x00],
      [...ascii('MM'), 0x00, 0x2a],
    ],
    image: 'tiff',
  },
  { mime: 'application/pdf', aliases: ['application/x-pdf'], extensions: ['pdf'], signatures: [ascii('%PDF-')] },
  { mime: 'text/plain', extensions: ['txt', 'text'], text: true },
  { mime: 'text/x-log', aliases: ['text/log'], extensions: ['log'], text: true },
  { mime: 'text/csv', aliases: ['application/csv', 'text/comma-separated-values'], extensions: ['csv'], text: true },
  { mime: 'message/rfc822', extensions: ['eml'], text: true },
  { mime: 'application/zip', aliases: ['application/x-zip-compressed', 'application/x-zip'], extensions: ['zip'], signatures: ZIP },
  { mime: 'application/msword', extensions: ['doc'], signatures: OLE2 },
  { mime: 'application/vnd.ms-excel', extensions: ['xls'], signatures: OLE2 },
  { mime: 'application/vnd.ms-powerpoint', extensions: ['ppt'], signatures: OLE2 },
  { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'], signatures: ZIP },
  { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'], signatures: ZIP },
  { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extensions: ['pptx'], signatures: ZIP },
  { mime: 'application/vnd.oasis.opendocument.text', extensions: ['odt'], signatures: ZIP },
  { mime: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'], signatures: ZIP },
  { mime: 'application/vnd.oasis.opendocument.presentation', extensions: ['odp'], signatures: ZIP },
];

/**
 * Signatures of things that are never text, beyond the accepted types' own. Short ones ("MZ" of a
 * Windows executable) are left out: a CSV may well start with "MZ", and real executables have NUL
 * bytes in their first kilobytes, which the text check refuses anyway.
 */
const BINARY_SIGNATURES: ReadonlyArray<ReadonlyArray<number | undefined>> = [
  [0x7f, ...ascii('ELF')],
  [0xca, 0xfe, 0xba, 0xbe], // Mach-O universal / Java class
  [0xcf, 0xfa, 0xed, 0xfe], // Mach-O 64-bit
  ascii('7z\xbc\xaf\x27\x1c'),
  ascii('Rar!\x1a\x07'),
  ...ACCEPTED_TYPES.flatMap((t) => t.signatures ?? []),
];

/** How many leading bytes the checks look at; callers read at least this much of a file. */
export const SNIFF_BYTES = 4096;

/** `Text/Plain; charset=utf-8` → `text/plain`. */
export function normaliseMediaType(raw: string | undefined | null): string {
  return (raw ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The accepted type a media type names (canonical name or alias), if any. */
export function acceptedType(mediaType: string): AcceptedType | undefined {
  const mime = normaliseMediaType(mediaType);
  return ACCEPTED_TYPES.find((t) => t.mime === mime || (t.aliases ?? []).includes(mime));
}

/**
 * The type the uploader declared. Browsers send `application/octet-stream` (or nothing) for
 * extensions they do not know, such as .log or .eml: then the file name's extension declares it.
 */
export function declaredType(mediaType: string | undefined | null, filename: string): string {
  const mime = normaliseMediaType(mediaType);
  if (mime && mime !== 'application/octet-stream') return mime;
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  const byExtension = extension ? ACCEPTED_TYPES.find((t) => t.extensions.includes(extension)) : undefined;
  return byExtension?.mime ?? (mime || 'application/octet-stream');
}

export type SniffResult = { ok: true; type: AcceptedType } | { ok: false; reason: 'not-allowed' | 'mismatch'; message: string };

/** Whether `head` (the file's first {@link SNIFF_BYTES} bytes) fits the declared type, which must be accepted. */
export function sniff(declared: string, head: Uint8Array): SniffResult {
  const type = acceptedType(declared);
  if (!type)
    return {
      ok: false,
      reason: 'not-allowed',
      message: `files of type ${normaliseMediaType(declared) || '(none)'} are not accepted; accepted are ${acceptedSummary()}`,
    };
  if (type.signatures) {
    if (type.signatures.some((s) => startsWith(head, s))) return { ok: true, type };
    return {
      ok: false,
      reason: 'mismatch',
      message: `the file does not look like ${type.mime}: its first bytes are not a ${type.extensions[0]!.toUpperCase()} signature`,
    };
  }
  if (type.text) {
    if (head.includes(0))
      return { ok: false, reason: 'mismatch', message: `the file does not look like ${type.mime}: it contains binary data` };
    if (BINARY_SIGNATURES.some((s) => startsWith(head, s)))
      return { ok: false, reason: 'mismatch', message: `the file does not look like ${type.mime}: it starts like a binary file` };
  }
  return { ok: true, type };
}

export function acceptedSummary(): string {
  return 'images (PNG, JPEG, GIF, WebP, TIFF), PDF, plain text, log, CSV, e-mail (.eml), ZIP and office documents (Word, Excel, PowerPoint, OpenDocument)';
}

function startsWith(head: Uint8Array, signature: ReadonlyArray<number | undefined>): boolean {
  return head.length >= signature.length && signature.every((b, i) => b === undefined || head[i] === b);
}
