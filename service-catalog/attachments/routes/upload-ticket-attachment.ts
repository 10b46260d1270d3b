import Boom from '@hapi/boom';
import Joi from 'joi';
import type { Lifecycle, ServerRoute } from '@hapi/hapi';
import { TooLarge } from '../../errors';
import { principalOf } from '../../identity/auth-plugin';
import { ticketNumber } from '../../tickets/schemas';
import { AttachmentService, type AttachmentSettings } from '../domain/attachment-service';
import { megapixels } from '../domain/clean-image';
import { formatBytes } from '../domain/vet-attachment';
import { presentAttachment } from '../presenters';
import { attachment, uploadPayload } from '../schemas';

/** Room for the multipart boundaries and part headers around a file of the maximum size. */
const MULTIPART_SLACK = 64 * 1024;

export const UPLOAD_PATH = '/tickets/{number}/attachments';

export const uploadTicketAttachment = (opts: AttachmentSettings): ServerRoute => ({
  method: 'POST',
  path: UPLOAD_PATH,
  options: {
    tags: ['api', 'tickets'],
    description: `Attach a file (multipart/form-data, part "file"; at most ${formatBytes(opts.maxBytes)}; images, PDF, text, CSV, .eml, ZIP, office documents)`,
    notes: `413 when too large, 415 for a type not accepted, 422 when the bytes do not match the declared type, or an image has more than ${megapixels(opts.maxPixels)} or cannot be decoded. Images are kept without their metadata (EXIF, GPS, XMP, IPTC), turned upright.`,
    payload: {
      output: 'file',
      parse: true,
      multipart: { output: 'file' },
      allow: 'multipart/form-data',
      uploads: opts.store.tmpDir,
      maxBytes: opts.maxBytes + MULTIPART_SLACK,
      // hapi's 10 s default cuts off a 10 MB upload on a slow line (about 80 s at 1 Mbit/s).
      timeout: 2 * 60_000,
      failAction: tooLargeWithReason(opts.maxBytes),
    },
    plugins: { 'hapi-swagger': { payloadType: 'form' } },
    validate: { params: Joi.object({ number: ticketNumber.required() }), payload: uploadPayload },
    response: { status: { 201: attachment } },
  },
  async handler(request, h) {
    const { file, entryId } = request.payload as {
      file: { path: string; filename: string; headers: Record<string, string> };
      entryId?: string;
    };
    const number = request.params.number as string;
    const created = await new AttachmentService(request.app.em, opts.store, opts).upload(
      principalOf(request),
      number,
      { source: { path: file.path }, filename: file.filename, contentType: file.headers['content-type'] },
      entryId,
    );
    return h.response(presentAttachment(created, number)).code(201);
  },
});

/**
 * hapi refuses an over-long body itself (before the handler); say what the limit is instead of its generic
 * text, naming the file part (`payload.file`). Also the work-order photo upload's.
 */
export function tooLargeWithReason(maxBytes: number, what = 'attachments'): Lifecycle.Method {
  return (_request, _h, err) => {
    if (Boom.isBoom(err) && err.output.statusCode === 413) {
      const message = `the upload is larger than the ${formatBytes(maxBytes)} limit for ${what}`;
      throw new TooLarge('ATTACHMENT_TOO_LARGE', message, [{ field: 'payload.file', message }]);
    }
    throw err ?? Boom.badRequest('invalid payload');
  };
}
