import type { TicketAttachment } from './domain/ticket-attachment.entity';

export function presentAttachment(a: TicketAttachment, ticketNumber: string) {
  return {
    id: a.id,
    ticketNumber,
    entryId: a.entryId ?? null,
    filename: a.filename,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    uploadedById: a.uploadedById ?? null,
    uploadedByName: a.uploadedByName,
    createdAt: a.createdAt.toISOString(),
    downloadUrl: `/tickets/${ticketNumber}/attachments/${a.id}`,
  };
}
