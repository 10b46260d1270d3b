import type { Plugin, Request } from '@hapi/hapi';
import type { AttachmentSettings } from './domain/attachment-service';
import { downloadTicketAttachment } from './routes/download-ticket-attachment';
import { listTicketAttachments } from './routes/list-ticket-attachments';
import { UPLOAD_PATH, uploadTicketAttachment } from './routes/upload-ticket-attachment';

export type AttachmentsOptions = AttachmentSettings;

const PLUGIN = 'flowdesk-attachments';
/** Route `plugins` of an upload route elsewhere: no temporary upload of it outlives its request, whatever the outcome. */
export const CLEAN_UPLOADS = { [PLUGIN]: { cleanUploads: true } };

/** Files on tickets: upload (vetted), list, download. */
export const attachmentsPlugin: Plugin<AttachmentsOptions> = {
  name: PLUGIN,
  async register(server, opts) {
    await opts.store.init();
    server.route([uploadTicketAttachment(opts), listTicketAttachments(opts), downloadTicketAttachment(opts)]);
    // hapi writes each uploaded part to the store's temporary folder before validation and the
    // handler run; whatever the outcome (refused, invalid, 404), no temporary file outlives the request.
    // Other contexts' upload routes (a chat's files) opt in with {@link CLEAN_UPLOADS} in their route plugins.
    server.events.on('response', (request: Request) => {
      const optedIn = !!(request.route.settings.plugins as Record<string, { cleanUploads?: boolean } | undefined>)[PLUGIN]?.cleanUploads;
      if (request.route.method !== 'post' || (request.route.path !== UPLOAD_PATH && !optedIn)) return;
      for (const path of uploadedPaths(request.payload)) {
        if (opts.store.isTemporary(path)) void opts.store.discard(path).catch((err) => request.log(['error'], err));
      }
    });
  },
};

function uploadedPaths(payload: unknown): string[] {
  if (!payload || typeof payload !== 'object') return [];
  return Object.values(payload as Record<string, unknown>)
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .flatMap((v) =>
      v && typeof v === 'object' && typeof (v as { path?: unknown }).path === 'string' ? [(v as { path: string }).path] : [],
    );
}
