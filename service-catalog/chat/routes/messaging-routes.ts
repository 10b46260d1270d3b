import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { parseSignedJsonBody } from './signed-json-body';
import { InvalidInput, NotAuthenticated, NotFound } from '../../errors';
import { findUnstorableText } from '../../text/unstorable-text';
import { everyTenant, organizationScope } from '../domain/chat-service';
import { MessagingBridge, type BridgedMessage } from '../domain/messaging-bridge';
import { refuseIfSwitchedOff } from '../domain/channel-switches';
import { MessagingConnection } from '../domain/messaging.entities';
import { inboundSignatureProblem } from '../domain/messaging-secrets';
import { PHONE_SIGNATURE_TOLERANCE_S } from '../domain/phone-calls';
import type { ChatRouteDeps } from './chat-routes';

/** The largest message text a bridge may post (characters), and the largest body (bytes). */
export const MESSAGING_TEXT_MAX = 10_000;
const MESSAGING_BODY_MAX = 64 * 1024;

class MessagingSignatureRefused extends NotAuthenticated {
  readonly code = 'MESSAGING_SIGNATURE_INVALID';
}

const messagingHeaders = Joi.object({
  'x-flowdesk-timestamp': Joi.string()
    .pattern(/^\d{1,12}$/, 'unix seconds')
    .required(),
  'x-flowdesk-signature': Joi.string()
    .pattern(/^sha256=[0-9a-f]{64}$/, 'sha256=<hex>')
    .required(),
}).unknown(true);

export const bridgedMessage = Joi.object({
  messageId: Joi.string().trim().min(1).max(200).required(),
  conversationId: Joi.string().trim().min(1).max(200).required(),
  sender: Joi.object({
    externalId: Joi.string().trim().min(1).max(200).required(),
    name: Joi.string().trim().min(1).max(200).required(),
    email: Joi.string().email().max(320),
  }).required(),
  text: Joi.string().min(1).max(MESSAGING_TEXT_MAX).required(),
}).label('BridgedMessage');

const bridgedOutcome = Joi.object({
  outcome: Joi.string().valid('created', 'updated', 'reopened').required(),
  ticketNumber: Joi.string().required(),
  duplicate: Joi.boolean().required(),
}).label('BridgedMessageOutcome');

/**
 * The messaging bridge (issue 25): Slack, Teams, Messenger or WhatsApp bridges post each message here,
 * signed with their connection's inbound secret; an agent's public reply goes back through the
 * connection's outbound webhook (a `messaging.reply` delivery of service-catalog/webhooks, retried by Temporal).
 */
export function messagingRoutes(deps: ChatRouteDeps): ServerRoute[] {
  return [
    {
      method: 'POST',
      path: '/messaging/{connectionId}/messages',
      options: {
        tags: ['api', 'chat'],
        auth: false,
        description: 'Messaging bridge webhook: a message of a conversation opens or continues its ticket',
        notes: `Signed JSON like the telephony webhook: \`X-Flowdesk-Timestamp\` (unix seconds) and \`X-Flowdesk-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">\` with the connection’s inbound secret (after a rotation, the replaced one too until its grace ends). 404 for an unknown connection, 401 for a forged signature, 403 \`MESSAGING_CONNECTION_DISABLED\` while an admin has it switched off or a timestamp more than ${PHONE_SIGNATURE_TOLERANCE_S / 60} minutes off, 400 naming the field for a bad message (text at most ${MESSAGING_TEXT_MAX} characters), 413 over ${MESSAGING_BODY_MAX / 1024} KiB. A message id received before answers 200 with the earlier outcome and \`duplicate: true\`, storing nothing. HTML in the text is dropped. See docs/channels.md.`,
        payload: { parse: false, output: 'data', allow: ['application/json'], maxBytes: MESSAGING_BODY_MAX },
        validate: { params: Joi.object({ connectionId: Joi.string().guid().required() }), headers: messagingHeaders },
        response: { schema: bridgedOutcome },
      },
      async handler(request) {
        const headers = request.headers as Record<string, string>;
        const { connectionId } = request.params as { connectionId: string };
        const connection = await everyTenant(request.app.em, 'messaging webhook: resolving its connection').findOne(
          MessagingConnection,
          { id: connectionId },
          { populate: ['inboundSecret', 'previousInboundSecret'] },
        );
        if (!connection)
          throw new NotFound('UNKNOWN_MESSAGING_CONNECTION', `params.connectionId: there is no messaging connection ${connectionId}`);
        const raw = (request.payload as Buffer | null)?.toString('utf8') ?? '';
        const problem = inboundSignatureProblem(
          connection,
          headers['x-flowdesk-timestamp']!,
          raw,
          headers['x-flowdesk-signature']!,
          new Date(),
        );
        if (problem === 'forged')
          throw new MessagingSignatureRefused('headers.x-flowdesk-signature does not match the connection’s inbound secret and the body', [
            { field: 'headers.x-flowdesk-signature', message: 'forged or for another body' },
          ]);
        if (problem === 'stale')
          throw new MessagingSignatureRefused(`headers.x-flowdesk-timestamp is more than ${PHONE_SIGNATURE_TOLERANCE_S} s from now`, [
            { field: 'headers.x-flowdesk-timestamp', message: 'too far from now (a replayed request?)' },
          ]);
        refuseIfSwitchedOff('messagingConnection', connection);
        const value = parseSignedJsonBody(raw, bridgedMessage, 'INVALID_BRIDGED_MESSAGE');
        const unstorable = findUnstorableText({ payload: value });
        if (unstorable.length) throw new InvalidInput('UNSTORABLE_TEXT', `${unstorable[0]!.field}: ${unstorable[0]!.message}`, unstorable);
        const em = organizationScope(request.app.em, connection.organizationId!);
        return new MessagingBridge(em, deps.tickets).receive(connection, value as BridgedMessage);
      },
    },
  ];
}
