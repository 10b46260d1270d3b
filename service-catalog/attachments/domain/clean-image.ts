import sharp, { type Metadata, type Sharp } from 'sharp';
import { RuleViolation, type DomainError } from '../../errors';
import type { ImageFormat } from './content-types';

// Each image is decoded once: libvips's operation cache would only keep large decoded images around.
sharp.cache(false);

/** What each kept format is written as: lossless where the input may be, high quality where it is not. */
const ENCODE: Record<ImageFormat, (image: Sharp) => Sharp> = {
  jpeg: (image) => image.jpeg({ quality: 90 }),
  png: (image) => image.png(),
  gif: (image) => image.gif(),
  webp: (image) => image.webp({ quality: 90 }),
  tiff: (image) => image.tiff({ compression: 'lzw' }),
};
/** Formats that can hold several frames or pages; all of them are kept. */
const MULTI_FRAME: ReadonlySet<ImageFormat> = new Set(['gif', 'webp', 'tiff']);

export interface ImageToClean {
  /** A file of the attachment store's temporary folder. */
  path: string;
  format: ImageFormat;
  /** For messages: the sanitised file name, and the input the error details name. */
  filename: string;
  field: string;
}

/**
 * Writes an uploaded image anew, pixels only, to `target`: EXIF (with GPS position, camera, time),
 * XMP, IPTC and comments are left behind, and the EXIF orientation is applied to the pixels instead
 * so the picture stays upright. The header is read first and an image of more than `maxPixels`
 * (all frames counted) is refused before a single pixel is decoded, so a small file that declares
 * 30000 × 30000 pixels costs nothing; the decoder is given the same limit in case the header lies.
 * Anything the decoder cannot read, or finds to be another format than the bytes claimed, is refused.
 */
export async function cleanImage(image: ImageToClean, target: string, maxPixels: number): Promise<{ ok: true } | { ok: false; error: DomainError }> {
  const refuse = (code: string, message: string) => ({ ok: false as const, error: new RuleViolation(code, `${image.filename}: ${message}`, [{ field: image.field, message }]) });
  let header: Metadata;
  try {
    // Only the header: no limit is needed to read it, and it tells how large the image would be.
    header = await sharp(image.path, { limitInputPixels: false }).metadata();
  } catch (err) {
    return refuse('IMAGE_UNREADABLE', `the image cannot be read (${reason(err)})`);
  }
  if (header.format !== image.format) return refuse('ATTACHMENT_CONTENT_MISMATCH', `the file does not look like a ${image.format.toUpperCase()} image: it decodes as ${header.format}`);
  const frames = MULTI_FRAME.has(image.format) ? Math.max(1, header.pages ?? 1) : 1;
  const pixels = header.width * (header.pageHeight ?? header.height) * frames;
  if (!Number.isFinite(pixels) || pixels > maxPixels) {
    const size = `${header.width} × ${header.pageHeight ?? header.height} pixels${frames > 1 ? ` × ${frames} frames` : ''}`;
    return refuse('IMAGE_TOO_LARGE', `the image is ${size} (${megapixels(pixels)}), more than the limit of ${megapixels(maxPixels)} for images`);
  }
  const oriented = (header.orientation ?? 1) !== 1;
  // libvips cannot turn a stack of frames; leaving the tag out would show them sideways without a word.
  if (oriented && frames > 1) return refuse('IMAGE_UNSUPPORTED', 'an image of several frames or pages with an EXIF orientation cannot be kept upright; send it rotated, or as single images');
  try {
    const decoder = sharp(image.path, { limitInputPixels: Math.max(1, Math.floor(maxPixels)), failOn: 'error', ...(frames > 1 ? { pages: -1 } : {}) });
    // Written without keepMetadata/keepExif, the output carries no EXIF, XMP or IPTC; autoOrient drops the orientation tag after applying it.
    await ENCODE[image.format](frames > 1 ? decoder : decoder.autoOrient()).toFile(target);
  } catch (err) {
    return refuse('IMAGE_UNREADABLE', `the image cannot be read (${reason(err)})`);
  }
  return { ok: true };
}

/** 40_000_000 → "40 megapixels"; 900_000_000 → "900 megapixels". */
export function megapixels(pixels: number): string {
  return `${Number((pixels / 1_000_000).toFixed(1))} megapixels`;
}

/** libvips's own words, first line only: enough to tell a truncated file from a corrupt one. */
function reason(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim() || 'unknown error';
}
