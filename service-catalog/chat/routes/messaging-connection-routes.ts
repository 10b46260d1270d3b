import { randomUUID } from 'node:crypto';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { recordAudit } from '../../audit/audit-log';
import { NotFound } from '../../errors';
import { principalOf } from '../../identity/auth-plugin';
import { Organization } from '../../identity/domain/organization.entity';
import { actorOf } from '../../identity/domain/principal';
import { WebhookService } from '../../webhooks/domain/webhook-service';
import type { PrivateTargets } from '../../webhooks/domain/webhook-target';
import { changeChannel, channelState, type ChannelChanges } from '../domain/channel-switches';
import { DEFAULT_GRACE_MINUTES, MAX_GRACE_MINUTES, newInboundSecret, rotateInboundSecret } from '../domain/messaging-secrets';
import { MESSAGING_KINDS, MessagingConnection, type MessagingKind } from '../domain/messaging.entities';

const tags = ['api', 'chat'];
const admins = { access: { scope: ['admin'] } };

const connectionView = Joi.object({
  id: Joi.string().required(),
  organizationId: Joi.string().required(),
  name: Joi.string().required(),
  kind: Joi.string().required(),
  outboundUrl: Joi.string().allow(null).required(),
  subscriptionId: Joi.string().allow(null).required(),
  createdAt: Joi.date().iso().required(),
  secretRotatedAt: Joi.date().iso().allow(null).required(),
  /** Until when the secret the last rotation replaced is still accepted (null: it is not). */
  previousSecretUntil: Joi.date().iso().allow(null).required(),
  /** Off: inbound messages are refused (403 MESSAGING_CONNECTION_DISABLED) and replies do not go out. */
  active: Joi.boolean().required(),
  disabledAt: Joi.date().iso().allow(null).required(),
}).label('MessagingConnection');

const newConnection = connectionView
  .keys({
    inboundSecret: Joi.string().required(),
    outboundSecret: Joi.string().allow(null).required(),
  })
  .label('NewMessagingConnectionSecrets');

const rotatedSecret = connectionView.keys({ inboundSecret: Joi.string().required() }).label('RotatedMessagingSecret');

const view = (c: MessagingConnection, now = new Date()) => ({
  id: c.id,
  organizationId: c.organizationId!,
  name: c.name,
  kind: c.kind,
  outboundUrl: c.outboundUrl ?? null,
  subscriptionId: c.subscriptionId ?? null,
  createdAt: c.createdAt,
  secretRotatedAt: c.secretRotatedAt ?? null,
  previousSecretUntil: c.previousSecretUntil && c.previousSecretUntil > now ? c.previousSecretUntil : null,
  ...channelState(c),
});

/**
 * The admin's side of the messaging bridges (issue 25, admin/messaging): list, register (its secrets in
 * the answer only) and rotate the inbound secret (the new one in the answer only; the replaced one
 * accepted for a grace the admin picks, or refused at once). The outbound secret is its webhook
 * subscription's, rotated on admin/webhooks.
 */
export function messagingConnectionRoutes(deps: { privateTargets: PrivateTargets }): ServerRoute[] {
  return [
    {
      method: 'GET',
      path: '/messaging-connections',
      options: {
        tags,
        auth: admins,
        description: 'The messaging bridges of every organisation (admins); secrets are never shown again',
        response: { schema: Joi.array().items(connectionView).label('MessagingConnections') },
      },
      async handler(request) {
        const found = await request.app.em.find(MessagingConnection, {}, { orderBy: { name: 'asc', id: 'asc' } });
        return found.map((c) => view(c));
      },
    },
    {
      method: 'POST',
      path: '/messaging-connections',
      options: {
        tags,
        auth: admins,
        description: 'Register a messaging bridge of an organisation (admins); the answer shows its secrets, once',
        notes:
          'The inbound secret signs what the bridge posts; with an `outboundUrl`, agents’ public replies are POSTed there as `messaging.reply` webhook deliveries signed with the outbound secret (retried; dead letters in the webhook admin). Private addresses are refused unless the desk allows them.',
        validate: {
          payload: Joi.object({
            organizationId: Joi.string().guid().required(),
            name: Joi.string().trim().min(1).max(200).required(),
            kind: Joi.string()
              .valid(...MESSAGING_KINDS)
              .required(),
            outboundUrl: Joi.string()
              .trim()
              .uri({ scheme: ['https', 'http'] })
              .max(2000)
              .allow(null)
              .default(null),
          }).label('NewMessagingConnection'),
        },
        response: { status: { 201: newConnection } },
      },
      async handler(request, h) {
        const principal = principalOf(request);
        const input = request.payload as { organizationId: string; name: string; kind: MessagingKind; outboundUrl: string | null };
        const em = request.app.em;
        if (!(await em.findOne(Organization, { id: input.organizationId })))
          throw new NotFound('ORGANIZATION_NOT_FOUND', `payload.organizationId: organization ${input.organizationId} does not exist`);
        let outbound: { id: string; secret: string } | null = null;
        if (input.outboundUrl) {
          const { subscription, secret } = await new WebhookService(em, deps.privateTargets).create(principal, {
            name: `Messaging: ${input.name}`.slice(0, 200),
            url: input.outboundUrl,
            eventTypes: ['messaging.reply' as never],
            organizationId: input.organizationId,
          });
          outbound = { id: subscription.id, secret };
        }
        const connection = em.create(MessagingConnection, {
          id: randomUUID(),
          organizationId: input.organizationId,
          name: input.name,
          kind: input.kind,
          inboundSecret: newInboundSecret(),
          outboundUrl: input.outboundUrl,
          subscriptionId: outbound?.id ?? null,
          createdAt: new Date(),
        });
        recordAudit(em, actorOf(principal), {
          action: 'messagingConnection.created',
          entity: 'MessagingConnection',
          entityId: connection.id,
          after: { name: connection.name, kind: connection.kind, outboundUrl: connection.outboundUrl },
        });
        await em.flush();
        return h
          .response({ ...view(connection), inboundSecret: connection.inboundSecret, outboundSecret: outbound?.secret ?? null })
          .code(201);
      },
    },
    {
      method: 'PATCH',
      path: '/messaging-connections/{id}',
      options: {
        tags,
        auth: admins,
        description: 'Rename a messaging bridge, or switch it off or on again (admins)',
        notes:
          'While `active` is false the bridge’s inbound messages are refused (403 `MESSAGING_CONNECTION_DISABLED`, after the signature check) and its outbound webhook subscription is paused, so agents’ replies do not go out; switching it on resumes both. 404 for an unknown connection.',
        validate: {
          params: Joi.object({ id: Joi.string().guid().required() }),
          payload: Joi.object({
            name: Joi.string().trim().min(1).max(200),
            active: Joi.boolean(),
          })
            .min(1)
            .label('MessagingConnectionChanges'),
        },
        response: { schema: connectionView },
      },
      async handler(request) {
        const changes = request.payload as ChannelChanges;
        return view(await changeChannel(request.app.em, principalOf(request), 'messagingConnection', request.params.id as string, changes));
      },
    },
    {
      method: 'POST',
      path: '/messaging-connections/{id}/secret',
      options: {
        tags,
        auth: admins,
        description: 'Rotate a messaging bridge’s inbound secret (admins); the answer shows the new one, once',
        notes: `\`graceMinutes\` (0–${MAX_GRACE_MINUTES}, default ${DEFAULT_GRACE_MINUTES}): how long the replaced secret is still accepted, so the bridge can switch without losing a message; 0 refuses it at once (a leaked secret). A secret replaced by an earlier rotation is refused from now on. 404 for an unknown connection.`,
        validate: {
          params: Joi.object({ id: Joi.string().guid().required() }),
          payload: Joi.object({
            graceMinutes: Joi.number().integer().min(0).max(MAX_GRACE_MINUTES).default(DEFAULT_GRACE_MINUTES),
          })
            .allow(null)
            .default({ graceMinutes: DEFAULT_GRACE_MINUTES })
            .label('MessagingSecretRotation'),
        },
        response: { schema: rotatedSecret },
      },
      async handler(request) {
        const { graceMinutes } = (request.payload as { graceMinutes?: number } | null) ?? {};
        const { connection, secret } = await rotateInboundSecret(
          request.app.em,
          principalOf(request),
          request.params.id as string,
          graceMinutes ?? DEFAULT_GRACE_MINUTES,
        );
        return { ...view(connection), inboundSecret: secret };
      },
    },
  ];
}
