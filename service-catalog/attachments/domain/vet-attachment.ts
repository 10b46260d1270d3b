import { InvalidInput, TooLarge, RuleViolation, ContentNotAccepted, type DomainError } from '../../errors';
import { sanitiseFilename } from './attachment-filename';
import { declaredType, sniff } from './content-types';

export interface CandidateFile {
  filename: string | undefined | null;
  /** As the uploader declared it (multipart part header, mail part). */
  contentType: string | undefined | null;
  size: number;
  /** The first bytes of the file (see SNIFF_BYTES). */
  head: Uint8Array;
}

export type Vetted = { ok: true; filename: string; contentType: string } | { ok: false; error: DomainError };

/**
 * Decides whether a file may be attached, before anything is stored: not empty, within the size
 * limit (413), of an accepted type (415), and with bytes that match that type (422). `field` names
 * the input in the error details (`payload.file`, or a mail attachment).
 */
export function vetAttachment(file: CandidateFile, maxBytes: number, field: string): Vetted {
  const filename = sanitiseFilename(file.filename);
  const refuse = (error: DomainError): Vetted => ({ ok: false, error });
  if (file.size === 0) return refuse(new InvalidInput('EMPTY_ATTACHMENT', `${filename} is empty`, [{ field, message: 'the file has no content' }]));
  if (file.size > maxBytes) {
    const message = `${filename} (${formatBytes(file.size)}) is larger than the ${formatBytes(maxBytes)} limit for attachments`;
    return refuse(new TooLarge('ATTACHMENT_TOO_LARGE', message, [{ field, message }]));
  }
  const declared = declaredType(file.contentType, filename);
  const sniffed = sniff(declared, file.head);
  if (!sniffed.ok && sniffed.reason === 'not-allowed') return refuse(new ContentNotAccepted('ATTACHMENT_TYPE_NOT_ALLOWED', `${filename}: ${sniffed.message}`, [{ field, message: sniffed.message }]));
  if (!sniffed.ok) return refuse(new RuleViolation('ATTACHMENT_CONTENT_MISMATCH', `${filename}: ${sniffed.message}`, [{ field, message: sniffed.message }]));
  return { ok: true, filename, contentType: sniffed.type.mime };
}

/** 10485760 → "10 MB"; 1536 → "1.5 KB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${Number(value.toFixed(1))} ${units[unit]}`;
}
