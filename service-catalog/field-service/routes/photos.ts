import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import type { AttachmentSettings } from '../../attachments/domain/attachment-service';
import { megapixels } from '../../attachments/domain/clean-image';
import { formatBytes } from '../../attachments/domain/vet-attachment';
import { presentAttachment } from '../../attachments/presenters';
import { tooLargeWithReason } from '../../attachments/routes/upload-ticket-attachment';
import { attachment } from '../../attachments/schemas';
import { principalOf } from '../../identity/auth-plugin';
import { ticketsOf } from '../../tickets/ticket-services';
import { WorkOrderPhotos } from '../domain/work-order-photos';
import { WorkOrderService } from '../domain/work-order-service';
import { numberParams } from '../schemas';
import { STAFF } from './access';

const tags = ['api', 'field-service'];
/** Room for the multipart boundaries and part headers around a file of the maximum size. */
const MULTIPART_SLACK = 64 * 1024;
const photos = (request: Parameters<typeof principalOf>[0], settings: AttachmentSettings) =>
  new WorkOrderPhotos(request.app.em, new WorkOrderService(request.app.em, ticketsOf(request)), settings);

export const addPhoto = (settings: AttachmentSettings): ServerRoute => ({
  method: 'POST',
  path: '/work-orders/{number}/photos',
  options: {
    tags,
    description: `A photo of the job by the assigned technician on site (multipart/form-data, part "file"; an image of at most ${formatBytes(settings.maxBytes)} and ${megapixels(settings.maxPixels)})`,
    notes:
      '413 when too large (bytes or pixels, a decompression bomb included), 415 for anything but an image, 422 when the bytes are not what the type says. Kept without EXIF, GPS, XMP or IPTC, turned upright.',
    auth: STAFF,
    payload: {
      output: 'file',
      parse: true,
      multipart: { output: 'file' },
      allow: 'multipart/form-data',
      uploads: settings.store.tmpDir,
      maxBytes: settings.maxBytes + MULTIPART_SLACK,
      timeout: 2 * 60_000,
      // Over the limit before the handler: 413 naming payload.file, as the photo checks after it do.
      failAction: tooLargeWithReason(settings.maxBytes, 'photos'),
    },
    plugins: { 'hapi-swagger': { payloadType: 'form' } },
    validate: { params: numberParams, payload: Joi.object({ file: Joi.any().required() }) },
    response: { status: { 201: attachment } },
  },
  async handler(request, h) {
    const { file } = request.payload as { file: { path: string; filename: string; headers: Record<string, string> } };
    const number = request.params.number as string;
    const kept = await photos(request, settings).add(principalOf(request), number, {
      source: { path: file.path },
      filename: file.filename,
      contentType: file.headers['content-type'] ?? 'application/octet-stream',
    });
    const workOrder = await new WorkOrderService(request.app.em, ticketsOf(request)).get(principalOf(request), number);
    return h.response(presentAttachment(kept, workOrder.ticketNumber)).code(201);
  },
});

export const listPhotos = (settings: AttachmentSettings): ServerRoute => ({
  method: 'GET',
  path: '/work-orders/{number}/photos',
  options: {
    tags,
    description: 'The photos of a job (downloads through the ticket attachment route, thumbnails here)',
    auth: STAFF,
    validate: { params: numberParams },
    response: { schema: Joi.object({ items: Joi.array().items(attachment).required() }).label('WorkOrderPhotos') },
  },
  async handler(request) {
    const number = request.params.number as string;
    return { items: (await photos(request, settings).list(principalOf(request), number)).map((p) => presentAttachment(p, number)) };
  },
});

export const photoThumbnail = (settings: AttachmentSettings): ServerRoute => ({
  method: 'GET',
  path: '/work-orders/{number}/photos/{id}/thumbnail',
  options: {
    tags,
    description: 'A JPEG thumbnail of a job photo, 320 pixels on its longest side',
    auth: STAFF,
    validate: { params: numberParams.keys({ id: Joi.string().guid().required() }) },
  },
  async handler(request, h) {
    const jpeg = await photos(request, settings).thumbnail(
      principalOf(request),
      request.params.number as string,
      request.params.id as string,
    );
    return h.response(jpeg).type('image/jpeg');
  },
});
