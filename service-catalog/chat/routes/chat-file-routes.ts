import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { contentDisposition } from '../../attachments/domain/attachment-filename';
import type { AttachmentSettings } from '../../attachments/domain/attachment-service';
import { AttachmentService } from '../../attachments/domain/attachment-service';
import { megapixels } from '../../attachments/domain/clean-image';
import { formatBytes } from '../../attachments/domain/vet-attachment';
import { CLEAN_UPLOADS } from '../../attachments/plugin';
import { tooLargeWithReason } from '../../attachments/routes/upload-ticket-attachment';
import { uploadedFile } from '../../attachments/schemas';
import { chatFile } from '../domain/chat-file-view';
import { ChatFiles } from '../domain/chat-files';
import { chatMessage, chatTokenHeaders } from '../schemas';
import { chatAccess } from './chat-access';
import { CHAT_CREDENTIAL, CHAT_CREDENTIAL_SENT, limit, WIDGET_CORS, type ChatRouteDeps } from './chat-routes';

/** Room for the multipart boundaries and part headers around a file of the maximum size. */
const MULTIPART_SLACK = 64 * 1024;
const tags = ['api', 'chat'];

/**
 * A chat's files (issue 25): either side sends one as a message (its visitor by X-Chat-Token or sign-in,
 * the agent who took it), and either side downloads those of its own chat. They are attachments of the
 * chat ticket's public replies; the ticket's own attachment routes show them to the desk as well.
 */
export function chatFileRoutes(deps: ChatRouteDeps & { attachments: AttachmentSettings }): ServerRoute[] {
  const settings = deps.attachments;
  return [
    {
      method: 'POST',
      path: '/chats/{id}/attachments',
      options: {
        tags,
        auth: { mode: 'try' },
        ext: { onPreAuth: CHAT_CREDENTIAL_SENT, onPostAuth: CHAT_CREDENTIAL },
        cors: WIDGET_CORS,
        description: `Send a file in a chat (multipart/form-data, part "file", optional "body" as its caption; at most ${formatBytes(settings.maxBytes)}): its visitor, or the agent who took it`,
        notes: `The checks of ticket attachments: 413 when too large, 415 for a type not accepted, 422 when the bytes do not match the type or an image has more than ${megapixels(settings.maxPixels)}; images are kept without their metadata. The file becomes an attachment of a public reply on the chat's ticket. 409 once the chat has ended; 429 with the message limit.`,
        payload: {
          output: 'file',
          parse: true,
          multipart: { output: 'file' },
          allow: 'multipart/form-data',
          uploads: settings.store.tmpDir,
          maxBytes: settings.maxBytes + MULTIPART_SLACK,
          timeout: 2 * 60_000,
          failAction: tooLargeWithReason(settings.maxBytes),
        },
        plugins: { 'hapi-swagger': { payloadType: 'form' }, ...CLEAN_UPLOADS },
        validate: {
          params: Joi.object({ id: Joi.string().guid().required() }),
          headers: chatTokenHeaders,
          payload: Joi.object({ file: uploadedFile.required(), body: Joi.string().trim().max(2000).allow('') }).label('NewChatFile'),
        },
        response: { status: { 201: chatMessage } },
      },
      async handler(request, h) {
        const access = await chatAccess(request, deps.tokens, deps);
        await limit(deps.limits.message, request, `${access.chat.id}|${access.side}`, 'messages in this chat');
        const { file, body } = request.payload as {
          file: { path: string; filename: string; headers: Record<string, string> };
          body?: string;
        };
        const message = await new ChatFiles(settings, deps).send(
          access,
          { source: { path: file.path }, filename: file.filename, contentType: file.headers['content-type'] },
          body,
        );
        return h.response(message).code(201);
      },
    },
    {
      method: 'GET',
      path: '/chats/{id}/attachments/{attachmentId}',
      options: {
        tags,
        auth: { mode: 'try' },
        ext: { onPostAuth: CHAT_CREDENTIAL },
        cors: { ...WIDGET_CORS, exposedHeaders: ['content-disposition'] },
        description: 'Download a file of a chat (always as a download): its visitor or the desk; 404 for a file of any other chat',
        validate: {
          params: Joi.object({ id: Joi.string().guid().required(), attachmentId: Joi.string().guid().required() }),
          headers: chatTokenHeaders,
        },
      },
      async handler(request, h) {
        const access = await chatAccess(request, deps.tokens, deps);
        const attachment = await chatFile(access.em, access.chat, request.params.attachmentId as string);
        const files = new AttachmentService(access.em, settings.store, settings);
        // Uploaded content is untrusted: a download with its checked type, never rendered or run.
        return h
          .response(files.open(attachment))
          .type(attachment.contentType)
          .bytes(attachment.size)
          .header('content-disposition', contentDisposition(attachment.filename))
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, no-store');
      },
    },
  ];
}
