import PDFDocument from 'pdfkit';
import type { PartUsed, WorkOrder } from './work-order.entity';

/** What the report shows besides the work order: names the work order only refers to by id. */
export interface ReportContext {
  customer: string;
  site: string;
  technician: string;
  parentTicket: string | null;
  /** The job's photos in the order taken: a JPEG thumbnail each, or null when the file could not be read. */
  photos?: Array<{ filename: string; takenAt: Date; thumbnail: Buffer | null }>;
}

/** Parts with a price show it; the total is per currency (a catalogue may price in more than one). */
function partsTotals(parts: PartUsed[]): string[] {
  const totals = new Map<string, number>();
  for (const p of parts)
    if (p.unitPrice != null && p.currency) totals.set(p.currency, (totals.get(p.currency) ?? 0) + Number(p.unitPrice) * p.quantity);
  return [...totals].map(([currency, sum]) => `Parts total: ${sum.toFixed(2)} ${currency}`);
}

const partLine = (p: PartUsed) =>
  [
    `${p.quantity} ${p.unit ?? '×'} ${p.partNumber}${p.name ? ` ${p.name}` : ''}`,
    p.unitPrice != null && p.currency
      ? ` @ ${p.unitPrice} ${p.currency} = ${(Number(p.unitPrice) * p.quantity).toFixed(2)} ${p.currency}`
      : '',
    p.description ? ` — ${p.description}` : '',
  ].join('');

const at = (d: Date | null | undefined) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'not recorded');

/**
 * The completion report a customer receives: the job, when the technician arrived and left, the
 * checklist with each item ticked or not, the parts used (with units, prices and totals), the notes,
 * thumbnails of the photos taken on site, and the customer's signature
 * with the signer's name. PDFKit's standard fonts, so no font file ships with it.
 */
export function completionReportPdf(workOrder: WorkOrder, ctx: ReportContext): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Completion report ${workOrder.ticketNumber}`, Author: 'Flowdesk' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.fontSize(18).text(`Completion report ${workOrder.ticketNumber}`);
  doc.moveDown(0.5).fontSize(10);
  doc.text(`Customer: ${ctx.customer}`);
  doc.text(`Site: ${ctx.site}`);
  doc.text(`Work type: ${workOrder.workType}   Priority: ${workOrder.priority}`);
  if (ctx.parentTicket) doc.text(`For ticket: ${ctx.parentTicket}`);
  doc.text(`Technician: ${ctx.technician}`);
  doc.text(`Checked in: ${at(workOrder.checkedInAt)}   Checked out: ${at(workOrder.checkedOutAt)}`);
  doc.moveDown().fontSize(13).text('Checklist');
  doc.fontSize(10);
  if (!workOrder.checklist.length) doc.text('No checklist for this work type.');
  for (const item of workOrder.checklist)
    doc.text(`[${item.done ? 'x' : ' '}] ${item.label}${item.required ? ' (required)' : ''}${item.note ? ` — ${item.note}` : ''}`);
  doc.moveDown().fontSize(13).text('Parts used');
  doc.fontSize(10);
  if (!workOrder.parts.length) doc.text('None.');
  for (const part of workOrder.parts) doc.text(partLine(part));
  for (const total of partsTotals(workOrder.parts)) doc.text(total);
  doc.moveDown().fontSize(13).text('Work done');
  doc.fontSize(10).text(workOrder.workNotes ?? '—');
  doc.moveDown().fontSize(13).text('Photos');
  doc.fontSize(10);
  const photos = ctx.photos ?? [];
  if (!photos.length) doc.text('No photos.');
  photos.forEach((photo, i) => {
    doc.text(`Photo ${i + 1}: ${photo.filename} (${at(photo.takenAt)})`);
    if (photo.thumbnail) doc.image(photo.thumbnail, { fit: [160, 160] });
    else doc.text('(the photo could not be read for this report)');
  });
  doc.moveDown().fontSize(13).text('Customer sign-off');
  doc.fontSize(10).text(`Signed by: ${workOrder.signerName ?? 'nobody'}`);
  if (workOrder.signaturePng) doc.image(Buffer.from(workOrder.signaturePng), { fit: [240, 90] });
  doc.end();
  return done;
}
