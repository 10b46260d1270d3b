import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** What a phone writes into a photo: camera, GPS position (EXIF IFD3) and an XMP author. */
export const PHOTO_EXIF = {
  IFD0: { Make: 'PhoneCo', Model: 'Pocket 12' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '54/1 41/1 12/1', GPSLongitudeRef: 'E', GPSLongitude: '25/1 16/1 48/1' },
};
export const PHOTO_XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Rita Home Address</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>';

/** 40 × 20 pixels: the left half red, the right half blue, so a rotation shows in the pixels. */
function redBlue(): Buffer {
  const raw = Buffer.alloc(40 * 20 * 3);
  for (let y = 0; y < 20; y++) for (let x = 0; x < 40; x++) raw[(y * 40 + x) * 3 + (x < 20 ? 0 : 2)] = 255;
  return raw;
}

/**
 * A phone photo held sideways: stored 40 × 20 with EXIF orientation 6 (turn 90° clockwise to view,
 * so upright it is 20 × 40 with red on top), plus camera, GPS and XMP metadata.
 */
export function sidewaysPhoto(format: 'jpeg' | 'png' | 'webp' | 'tiff' = 'jpeg'): Promise<Buffer> {
  return sharp(redBlue(), { raw: { width: 40, height: 20, channels: 3 } })
    .withExif(PHOTO_EXIF)
    .withXmp(PHOTO_XMP)
    .withMetadata({ orientation: 6 })
    .toFormat(format)
    .toBuffer();
}

/** An animated GIF of three 10 × 6 frames. */
export function animatedGif(): Promise<Buffer> {
  const raw = Buffer.alloc(10 * 18 * 3);
  for (let i = 0; i < raw.length; i += 3) raw[i + Math.floor(i / 3 / 60)] = 255;
  return sharp(raw, { raw: { width: 10, height: 18, channels: 3, pageHeight: 6 } })
    .gif({ delay: [100, 100, 100] })
    .toBuffer();
}

/** Whether raw EXIF holds a GPS IFD pointer (tag 0x8825, in either byte order). */
export function hasGpsTag(exif: Buffer | undefined): boolean {
  return !!exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));
}

/**
 * A decompression bomb: a PNG of a few dozen bytes whose header declares `width` × `height` pixels
 * (RGB, 8 bits), with a tiny compressed stream. Decoding it would need width × height × 3 bytes.
 */
export function pngBomb(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(64))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
