import sharp from 'sharp';
import { ContentNotAccepted, TooLarge } from '../../errors';

/** A signature pad's PNG is a few KiB; anything much larger is not a signature. */
export const SIGNATURE_MAX_BYTES = 256 * 1024;
export const SIGNATURE_MAX_WIDTH = 2000;
export const SIGNATURE_MAX_HEIGHT = 1000;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const FIELD = 'payload.signature';

/**
 * The customer's signature, checked before it is kept: base64 of a PNG (sniffed by its magic bytes,
 * not trusted by name), within the byte and pixel limits (the header is read before any pixel is
 * decoded, so a decompression bomb is refused unopened), then re-encoded so only pixels are kept.
 */
export async function checkedSignature(base64: string): Promise<Buffer> {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > SIGNATURE_MAX_BYTES)
    throw new TooLarge('SIGNATURE_TOO_LARGE', `a signature may be at most ${SIGNATURE_MAX_BYTES} bytes`, [
      { field: FIELD, message: `${bytes.length} bytes; at most ${SIGNATURE_MAX_BYTES}` },
    ]);
  if (!bytes.subarray(0, 8).equals(PNG_MAGIC))
    throw new ContentNotAccepted('SIGNATURE_NOT_PNG', 'the signature must be a PNG image', [{ field: FIELD, message: 'not a PNG' }]);
  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ width, height } = await sharp(bytes, { limitInputPixels: false }).metadata());
  } catch {
    throw new ContentNotAccepted('SIGNATURE_NOT_PNG', 'the signature is not a readable PNG image', [
      { field: FIELD, message: 'unreadable PNG' },
    ]);
  }
  if (!width || !height || width > SIGNATURE_MAX_WIDTH || height > SIGNATURE_MAX_HEIGHT)
    throw new TooLarge('SIGNATURE_TOO_LARGE', `a signature may be at most ${SIGNATURE_MAX_WIDTH}×${SIGNATURE_MAX_HEIGHT} pixels`, [
      { field: FIELD, message: `${width ?? '?'}×${height ?? '?'} pixels` },
    ]);
  try {
    return await sharp(bytes, { limitInputPixels: SIGNATURE_MAX_WIDTH * SIGNATURE_MAX_HEIGHT })
      .png()
      .toBuffer();
  } catch {
    throw new ContentNotAccepted('SIGNATURE_NOT_PNG', 'the signature is not a readable PNG image', [
      { field: FIELD, message: 'unreadable PNG' },
    ]);
  }
}
