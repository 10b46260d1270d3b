import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { ProcessInstanceService } from '../domain/process-instance-service';
import { presentInstanceRecord } from '../presenters';
import { owningOrganization } from '../../identity/domain/owning-organization';
import { startInstancePayload } from '../schemas';
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
    description: 'Start an instance of the latest (or a given) version of a process',
    notes: 'A requester’s instance always belongs to their organisation (a given organizationId is ignored); staff may name an organisation they serve (else 404), admins any.',
    validate: { payload: startInstancePayload },
    response: { status: { 201: startedInstance } },
  },
  async handler(request, h) {
    const { organizationId: requested, ...body } = request.payload as { processId: string; version?: number; businessKey?: string; variables: Record<string, unknown>; organizationId?: string | null };
    const principal = principalOf(request);
    const organizationId = await owningOrganization(request.app.em, principal, requested);
    const instance = await new ProcessInstanceService(request.app.em, request.server.app.engine).start(body, { actor: actorOf(principal), organizationId });
    return h
      .response({ ...presentInstanceRecord(instance), status: 'RUNNING' })
      .code(201)
      .header('location', `/process-instances/${instance.id}`);
  },
};
