import type { EntityManager } from '@mikro-orm/postgresql';
import sharp from 'sharp';
import { AttachmentService, type AttachmentSettings, type IncomingFile } from '../../attachments/domain/attachment-service';
import { TicketAttachment } from '../../attachments/domain/ticket-attachment.entity';
import { ContentNotAccepted, NotFound, NotPermitted, WrongState } from '../../errors';
import type { Principal } from '../../identity/domain/principal';
import { Ticket } from '../../tickets/domain/ticket.entity';
import { Technician } from './technician.entity';
import type { WorkOrderService } from './work-order-service';

/** The longest side of a thumbnail, in pixels: enough for a phone's list and the report. */
export const THUMBNAIL_SIZE = 320;

/**
 * Photos of the job, taken on site by the assigned technician: attachments of the work order's
 * ticket, through the attachment checks every upload gets (size, type sniffed from the bytes, pixel
 * limit read from the header so a decompression bomb is never decoded, EXIF/GPS/XMP left behind and
 * the image turned upright), and images only. Thumbnails are made from the clean copy with sharp.
 */
export class WorkOrderPhotos {
  constructor(
    private readonly em: EntityManager,
    private readonly workOrders: WorkOrderService,
    private readonly attachments: AttachmentSettings,
  ) {}

  async add(principal: Principal, number: string, file: IncomingFile): Promise<TicketAttachment> {
    const service = new AttachmentService(this.em, this.attachments.store, this.attachments);
    let ticket: Ticket;
    try {
      ticket = await this.onSiteTicket(principal, number);
    } catch (err) {
      await service.discardSource(file);
      throw err;
    }
    const prepared = await service.prepare(file, 'payload.file');
    if (!prepared.ok) throw prepared.error;
    if (!prepared.file.contentType.startsWith('image/')) {
      await service.discard(prepared.file);
      throw new ContentNotAccepted('PHOTO_NOT_AN_IMAGE', `a photo must be an image, not ${prepared.file.contentType}`, [
        { field: 'payload.file', message: 'JPEG, PNG, WebP, GIF or another accepted image type' },
      ]);
    }
    return service.keep(ticket, principal, prepared.file, null);
  }

  async list(principal: Principal, number: string): Promise<TicketAttachment[]> {
    const workOrder = await this.workOrders.get(principal, number);
    return this.em.find(
      TicketAttachment,
      { ticketId: workOrder.ticketId, contentType: { $like: 'image/%' } },
      { orderBy: { createdAt: 'asc' } },
    );
  }

  /** A JPEG no larger than {@link THUMBNAIL_SIZE} on its longest side. */
  async thumbnail(principal: Principal, number: string, photoId: string): Promise<Buffer> {
    const photo = (await this.list(principal, number)).find((p) => p.id === photoId);
    if (!photo) throw new NotFound('PHOTO_NOT_FOUND', `${number} has no photo ${photoId}`);
    // The stored copy already passed the pixel limit; the limit here is a second fence, not the first.
    return sharp(this.attachments.store.pathOf(photo.storageKey), { limitInputPixels: this.attachments.maxPixels })
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75 })
      .toBuffer();
  }

  private async onSiteTicket(principal: Principal, number: string): Promise<Ticket> {
    const workOrder = await this.workOrders.get(principal, number);
    const own = await this.em.findOne(Technician, { userId: principal.userId });
    if (!own || own.id !== workOrder.technicianId)
      throw new NotPermitted('NOT_THE_ASSIGNED_TECHNICIAN', `only the technician ${number} is assigned to takes its photos`);
    // Between the technician's check-in and check-out (what they did, not the status the process writes a moment later).
    if (!workOrder.checkedInAt || workOrder.checkedOutAt)
      throw new WrongState('WORK_ORDER_NOT_ON_SITE', `${number} is not between check-in and check-out: photos are taken on site`);
    return this.em.findOneOrFail(Ticket, { id: workOrder.ticketId });
  }
}
