import { contentDisposition, sanitiseFilename } from './attachment-filename';
import { acceptedType, declaredType, normaliseMediaType, sniff } from './content-types';
import { formatBytes, vetAttachment } from './vet-attachment';
import type { DomainError } from '../../errors';
import { httpStatusOf } from '../../http/error-mapping';

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR');
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF');
const GIF = bytes('GIF89a', [1, 0, 1, 0]);
const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ');
const TIFF_LE = bytes('II', [0x2a, 0, 8, 0, 0, 0]);
const TIFF_BE = bytes('MM', [0, 0x2a, 0, 0, 0, 8]);
const PDF = bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
const ZIP = bytes('PK', [3, 4, 20, 0, 0, 0]);
const EMPTY_ZIP = bytes('PK', [5, 6], Array(18).fill(0));
const OLE2 = bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], [0, 0]);
const ELF = bytes([0x7f], 'ELF', [2, 1, 1, 0]);
const EXE = bytes('MZ', [0x90, 0, 3, 0, 0, 0]);
const TEXT = bytes('Router log 2026-11-23\nlink down\r\n');

describe('sniff: declared type against magic bytes', () => {
  it.each([
    ['image/png', PNG],
    ['image/jpeg', JPEG],
    ['image/jpg', JPEG],
    ['image/gif', GIF],
    ['image/webp', WEBP],
    ['image/tiff', TIFF_LE],
    ['image/tiff', TIFF_BE],
    ['application/pdf', PDF],
    ['application/zip', ZIP],
    ['application/x-zip-compressed', EMPTY_ZIP],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', ZIP],
    ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ZIP],
    ['application/vnd.oasis.opendocument.text', ZIP],
    ['application/msword', OLE2],
    ['application/vnd.ms-excel', OLE2],
    ['text/plain', TEXT],
    ['text/plain; charset=utf-8', bytes('ačiū, labai gerai'.normalize())],
    ['text/csv', bytes('MZ-100,printer,3rd floor\n')],
    ['text/x-log', TEXT],
    ['message/rfc822', bytes('From: rita@example.com\r\nSubject: hi\r\n\r\nbody')],
  ])('accepts %s with matching content', (type, head) => {
    expect(sniff(type, head)).toEqual({ ok: true, type: acceptedType(type) });
  });

  it.each([
    ['image/png', JPEG, /not look like image\/png/],
    ['image/jpeg', PNG, /not look like image\/jpeg/],
    ['image/gif', bytes('GIF90a')],
    ['image/webp', bytes('RIFF', [0, 0, 0, 0], 'WAVE')],
    ['image/tiff', bytes('II', [0x2b, 0])],
    ['application/pdf', TEXT],
    ['application/zip', PDF],
    ['application/msword', ZIP],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', OLE2],
    ['image/png', bytes([0x89, 0x50])],
    ['image/png', bytes()],
    ['text/plain', EXE, /binary data/],
    ['text/plain', ELF, /binary data/],
    ['text/plain', PDF, /starts like a binary file/],
    ['text/csv', PNG, /binary data|starts like a binary file/],
    ['message/rfc822', ZIP, /binary data/],
  ])('refuses %s whose bytes are something else', (type, head, message = /does not look like/) => {
    const result = sniff(type, head);
    expect(result).toMatchObject({ ok: false, reason: 'mismatch' });
    expect((result as { message: string }).message).toMatch(message);
  });

  it.each(['application/x-msdownload', 'text/html', 'image/svg+xml', 'image/heic', 'application/javascript', 'application/octet-stream', '', 'application/x-sh'])(
    'refuses %s as not allowed whatever the bytes',
    (type) => {
      expect(sniff(type, TEXT)).toMatchObject({ ok: false, reason: 'not-allowed', message: expect.stringContaining('are not accepted') });
    },
  );
});

describe('declaredType', () => {
  it.each([
    ['IMAGE/PNG; name=x', 'x.bin', 'image/png'],
    ['application/octet-stream', 'router.LOG', 'text/x-log'],
    ['application/octet-stream', 'mail.eml', 'message/rfc822'],
    [undefined, 'report.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['', 'noext', 'application/octet-stream'],
    ['application/octet-stream', 'setup.exe', 'application/octet-stream'],
    // A declared type wins over the extension: the bytes are checked against it.
    ['text/plain', 'photo.png', 'text/plain'],
  ])('%s for %s → %s', (type, filename, expected) => {
    expect(declaredType(type, filename)).toBe(expected);
  });

  it('normalises media types', () => {
    expect(normaliseMediaType(' Text/CSV ; charset=UTF-8')).toBe('text/csv');
    expect(normaliseMediaType(undefined)).toBe('');
  });
});

describe('sanitiseFilename', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\rita\\Desktop\\scan 1.png', 'scan 1.png'],
    ['bad"name<>:|?*.txt', 'bad_name______.txt'],
    ['line\r\nbreak.txt', 'linebreak.txt'],
    ['nul\u0000byte.txt', 'nulbyte.txt'],
    ['evil\u202Etxt.exe', 'eviltxt.exe'],
    ['   spaced    out  .log ', 'spaced out .log'],
    ['...hidden', 'hidden'],
    ['', 'attachment'],
    [undefined, 'attachment'],
    ['/', 'attachment'],
    ['..', 'attachment'],
    ['Ataskaita už lapkritį.docx', 'Ataskaita už lapkritį.docx'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitiseFilename(raw)).toBe(expected);
  });

  it('shortens long names but keeps the extension', () => {
    const name = sanitiseFilename(`${'a'.repeat(300)}.pdf`);
    expect(name).toHaveLength(200);
    expect(name.endsWith('aaa.pdf')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('offers an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('Ataskaita už lapkritį.docx')).toBe(`attachment; filename="Ataskaita u_ lapkrit_.docx"; filename*=UTF-8''Ataskaita%20u%C5%BE%20lapkrit%C4%AF.docx`);
    expect(contentDisposition("it's (final) 100%.txt")).toBe(`attachment; filename="it's (final) 100_.txt"; filename*=UTF-8''it%27s%20%28final%29%20100%25.txt`);
  });
});

describe('vetAttachment', () => {
  const max = 1024;
  it('accepts a matching file and returns the stored name and canonical type', () => {
    expect(vetAttachment({ filename: '../scan.JPG', contentType: 'image/jpg', size: 100, head: JPEG }, max, 'payload.file')).toEqual({ ok: true, filename: 'scan.JPG', contentType: 'image/jpeg' });
    expect(vetAttachment({ filename: 'router.log', contentType: 'application/octet-stream', size: 30, head: TEXT }, max, 'payload.file')).toEqual({ ok: true, filename: 'router.log', contentType: 'text/x-log' });
  });

  it.each([
    ['an empty file', { filename: 'a.txt', contentType: 'text/plain', size: 0, head: bytes() }, 400, 'EMPTY_ATTACHMENT', /empty/],
    ['one byte over the limit', { filename: 'big.pdf', contentType: 'application/pdf', size: max + 1, head: PDF }, 413, 'ATTACHMENT_TOO_LARGE', /big\.pdf \(1 KB\) is larger than the 1 KB limit for attachments/],
    ['an executable', { filename: 'setup.exe', contentType: 'application/x-msdownload', size: 10, head: EXE }, 415, 'ATTACHMENT_TYPE_NOT_ALLOWED', /setup\.exe: files of type application\/x-msdownload are not accepted/],
    ['an unknown octet stream', { filename: 'blob', contentType: 'application/octet-stream', size: 10, head: EXE }, 415, 'ATTACHMENT_TYPE_NOT_ALLOWED', /not accepted/],
    ['a PNG that is a JPEG', { filename: 'x.png', contentType: 'image/png', size: 10, head: JPEG }, 422, 'ATTACHMENT_CONTENT_MISMATCH', /x\.png: the file does not look like image\/png/],
  ])('refuses %s', (_name, file, status, code, message) => {
    const result = vetAttachment(file, max, 'payload.file');
    expect(result.ok).toBe(false);
    const { error } = result as { error: DomainError };
    // The status is the error mapping's answer for this kind of refusal.
    expect({ status: httpStatusOf(error), code: error.code }).toEqual({ status, code });
    expect(error.message).toMatch(message);
    expect(error.details).toEqual([expect.objectContaining({ field: 'payload.file' })]);
  });

  it('formats sizes for people', () => {
    expect([formatBytes(12), formatBytes(1536), formatBytes(10 * 1024 * 1024), formatBytes(10 * 1024 * 1024 + 1)]).toEqual(['12 bytes', '1.5 KB', '10 MB', '10 MB']);
  });
});
