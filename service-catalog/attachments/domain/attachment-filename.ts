/**
 * File names as uploaders send them are untrusted: a path (`../../etc/passwd`, `C:\x\y.txt`),
 * control characters that split headers, characters Windows cannot save. What is stored and offered
 * back is only the last path segment with those removed; the bytes on disk are named by their hash.
 */
const MAX_LENGTH = 200;

export function sanitiseFilename(raw: string | undefined | null): string {
  const lastSegment = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    // eslint-disable-next-line no-control-regex -- removing control characters from a file name is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/["<>:|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (!cleaned) return 'attachment';
  if (cleaned.length <= MAX_LENGTH) return cleaned;
  // Keep the extension: it is what the reader's computer opens the file with.
  const extension = /\.[A-Za-z0-9]{1,10}$/.exec(cleaned)?.[0] ?? '';
  return cleaned.slice(0, MAX_LENGTH - extension.length) + extension;
}

/**
 * A `Content-Disposition: attachment` value for a sanitised name: an ASCII fallback for old clients
 * and the exact name as RFC 6266 / RFC 5987 `filename*`.
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
