import Joi from 'joi';
import type { Request, ServerRoute } from '@hapi/hapi';
import { NotFound } from '../../errors';
import { principalOf } from '../../identity/auth-plugin';
import { organizationOfTenant, tenantOfOrganization } from '../../identity/domain/camunda-tenant';
import { actorOf } from '../../identity/domain/principal';
import { owningOrganization } from '../../identity/domain/owning-organization';
import { variables } from '../../processes/schemas';
import { MessageService } from '../domain/message-service';

/** At most this long in the buffer, as POST /messages: a message older than a month is a mistake, not a late reply. */
const MAX_TTL_MS = 30 * 24 * 3600_000;
const SCOPES = ['agent', 'process-owner', 'admin'];

const name = Joi.string().trim().min(1).max(255);
const correlationKey = Joi.string().max(255).allow('').default('').description('empty for a message start event');
const tenantId = Joi.string()
  .max(256)
  .description('the organisation an instance it starts belongs to; `<default>` (or none) for internal work');

/** The organisation instances it starts belong to: the tenant named (one the caller serves), else as POST /messages decides. */
async function ownerOf(request: Request, tenant: string | undefined): Promise<string | null> {
  return owningOrganization(request.app.em, principalOf(request), organizationOfTenant(tenant) ?? undefined);
}

interface CamundaMessage {
  name: string;
  correlationKey: string;
  variables?: Record<string, unknown> | null;
  tenantId?: string;
  messageId?: string;
}

/** Publishes as POST /messages does, owned by the tenant named; a publication and a correlation differ in what they answer. */
async function publish(request: Request, msg: CamundaMessage, timeToLiveMs: number) {
  const organizationId = await ownerOf(request, msg.tenantId);
  const published = await new MessageService(request.app.em, request.server.app.engine).publish(
    {
      name: msg.name,
      correlationKey: msg.correlationKey,
      variables: msg.variables ?? {},
      timeToLiveMs,
      ...(msg.messageId ? { callerMessageId: msg.messageId } : {}),
    },
    actorOf(principalOf(request)),
    organizationId,
  );
  return { tenantId: tenantOfOrganization(organizationId), published };
}

/**
 * Camunda 8's `POST /v2/messages/publication`: delivered to every instance waiting for its name and
 * correlation key, starts the processes with a message start event of that name, and otherwise waits
 * `timeToLive` ms for an instance to start waiting, as POST /messages does.
 */
export const publishCamundaMessage: ServerRoute = {
  method: 'POST',
  path: '/v2/messages/publication',
  options: {
    tags: ['api', 'messages'],
    auth: { access: { scope: SCOPES } },
    description: 'Publish a message (Camunda 8 REST shape)',
    notes: `Only instances of organisations you serve are considered. \`timeToLive\` in ms (0: not buffered; at most 30 days). \`messageId\` is recorded in the audit entry; with a \`timeToLive\`, a message with the same id, name and correlation key in the same tenant is refused (409 MESSAGE_ALREADY_PUBLISHED) until that time has passed.`,
    validate: {
      payload: Joi.object({
        name: name.required(),
        correlationKey,
        timeToLive: Joi.number().integer().min(0).max(MAX_TTL_MS).default(0),
        messageId: Joi.string().max(255),
        variables: variables.allow(null),
        tenantId,
      }).label('MessagePublicationRequest'),
    },
    response: {
      schema: Joi.object({ tenantId: Joi.string().required(), messageKey: Joi.string().required() }).label('MessagePublicationResult'),
    },
  },
  async handler(request) {
    const req = request.payload as CamundaMessage & { timeToLive: number };
    const { tenantId, published } = await publish(request, req, req.timeToLive);
    return { tenantId, messageKey: published.messageId };
  },
};

/**
 * Camunda 8's `POST /v2/messages/correlation`: like a publication that is never buffered, and answered
 * with the instance it reached (the first that was waiting, else the first it started); 404 when none.
 */
export const correlateCamundaMessage: ServerRoute = {
  method: 'POST',
  path: '/v2/messages/correlation',
  options: {
    tags: ['api', 'messages'],
    auth: { access: { scope: SCOPES } },
    description: 'Correlate a message to a waiting instance or a message start event (Camunda 8 REST shape)',
    notes:
      'Only instances of organisations you serve are considered. 404 when no instance waits for it and no process starts with it; nothing is buffered.',
    validate: {
      payload: Joi.object({ name: name.required(), correlationKey, variables: variables.allow(null), tenantId }).label(
        'MessageCorrelationRequest',
      ),
    },
    response: {
      schema: Joi.object({
        tenantId: Joi.string().required(),
        messageKey: Joi.string().required(),
        processInstanceKey: Joi.string().required(),
      }).label('MessageCorrelationResult'),
    },
  },
  async handler(request) {
    const req = request.payload as CamundaMessage;
    const { tenantId, published } = await publish(request, req, 0);
    const reached = published.correlatedProcessInstanceIds[0] ?? published.startedProcessInstanceIds[0];
    if (!reached)
      throw new NotFound(
        'NO_SUBSCRIPTION',
        `no instance waits for message "${req.name}" with correlation key "${req.correlationKey}", and no process starts with it`,
      );
    return { tenantId, messageKey: published.messageId, processInstanceKey: reached };
  },
};

/** Camunda 8's `POST /v2/signals/broadcast`, as POST /signals: every waiting instance, every signal start event. */
export const broadcastCamundaSignal: ServerRoute = {
  method: 'POST',
  path: '/v2/signals/broadcast',
  options: {
    tags: ['api', 'messages'],
    auth: { access: { scope: SCOPES } },
    description: 'Broadcast a signal (Camunda 8 REST shape)',
    notes: 'Only instances of organisations you serve are reached. Signals are not buffered.',
    validate: {
      payload: Joi.object({ signalName: name.required(), variables: variables.allow(null), tenantId }).label('SignalBroadcastRequest'),
    },
    response: {
      schema: Joi.object({ tenantId: Joi.string().required(), signalKey: Joi.string().required() }).label('SignalBroadcastResult'),
    },
  },
  async handler(request) {
    const req = request.payload as { signalName: string; variables?: Record<string, unknown> | null; tenantId?: string };
    const organizationId = await ownerOf(request, req.tenantId);
    const { signalId } = await new MessageService(request.app.em, request.server.app.engine).broadcastSignal(
      { name: req.signalName, variables: req.variables ?? {} },
      actorOf(principalOf(request)),
      organizationId,
    );
    return { tenantId: tenantOfOrganization(organizationId), signalKey: signalId };
  },
};
