import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { ProcessInstanceService } from '../domain/process-instance-service';
import { presentInstanceRecord } from '../presenters';
import { owningOrganization } from '../../identity/domain/owning-organization';
import { startInstancePayload } from '../schemas';
import { STAFF_SCOPES } from '../route-scopes';
import Joi from 'joi';

const startedInstance = Joi.object({
  id: Joi.string().required(),
  definitionId: Joi.string().required(),
  processId: Joi.string().required(),
  version: Joi.number().required(),
  businessKey: Joi.string().allow(null).required(),
  organizationId: Joi.string().allow(null).required(),
  status: Joi.string().required(),
  startedAt: Joi.date().iso().required(),
}).label('StartedProcessInstance');

export const startProcessInstance: ServerRoute = {
  method: 'POST',
  path: '/process-instances',
  options: {
    tags: ['api', 'processes'],
    // Variables are whatever the caller sends (a ticketId, a priority…): starting an arbitrary process is
    // the desk's. Requesters raise tickets, and the system starts the ticket's process for them.
    auth: { access: { scope: STAFF_SCOPES } },
    description: 'Start an instance of the latest (or a given) version of a process',
    notes:
      'For staff. The instance belongs to the organisation named (one you serve, else 404; admins any) or, without one, is internal; its service tasks see only that organisation’s rows (internal: rows without an organisation).',
    validate: { payload: startInstancePayload },
    response: { status: { 201: startedInstance } },
  },
  async handler(request, h) {
    const { organizationId: requested, ...body } = request.payload as {
      processId: string;
      version?: number;
      businessKey?: string;
      variables: Record<string, unknown>;
      organizationId?: string | null;
    };
    const principal = principalOf(request);
    const organizationId = await owningOrganization(request.app.em, principal, requested);
    const instance = await new ProcessInstanceService(request.app.em, request.server.app.engine).start(body, {
      actor: actorOf(principal),
      organizationId,
    });
    return h
      .response({ ...presentInstanceRecord(instance), status: 'RUNNING' })
      .code(201)
      .header('location', `/process-instances/${instance.id}`);
  },
};
