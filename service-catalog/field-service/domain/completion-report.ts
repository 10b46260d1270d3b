import PDFDocument from 'pdfkit';
import type { WorkOrder } from './work-order.entity';

/** What the report shows besides the work order: names the work order only refers to by id. */
export interface ReportContext {
  customer: string;
  site: string;
  technician: string;
  parentTicket: string | null;
}

const at = (d: Date | null | undefined) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'not recorded');

/**
 * The completion report a customer receives: the job, when the technician arrived and left, the
 * checklist with each item ticked or not, the parts used, the notes, and the customer's signature
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
  for (const part of workOrder.parts) doc.text(`${part.quantity} × ${part.partNumber} ${part.description}`);
  doc.moveDown().fontSize(13).text('Work done');
  doc.fontSize(10).text(workOrder.workNotes ?? '—');
  doc.moveDown().fontSize(13).text('Customer sign-off');
  doc.fontSize(10).text(`Signed by: ${workOrder.signerName ?? 'nobody'}`);
  if (workOrder.signaturePng) doc.image(Buffer.from(workOrder.signaturePng), { fit: [240, 90] });
  doc.end();
  return done;
}
