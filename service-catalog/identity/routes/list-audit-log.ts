import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { AuditLog } from '../../audit/audit-log.entity';
import { adminOnly } from '../identity-context';
import { presentAuditLog } from '../presenters';
import { auditLogList, pagination, uuid } from '../schemas';

export const listAuditLog: ServerRoute = {
  method: 'GET',
  path: '/audit-log',
  options: {
    auth: adminOnly,
    tags: ['api', 'audit'],
    description: 'Every API mutation, newest first, with actor and before/after (admin)',
    validate: { query: Joi.object({ entity: Joi.string().max(100), entityId: Joi.string().max(255), actorId: uuid, ...pagination }) },
    response: { schema: auditLogList },
  },
  async handler(request) {
    const { entity, entityId, actorId, limit, offset } = request.query as {
      entity?: string;
      entityId?: string;
      actorId?: string;
      limit: number;
      offset: number;
    };
    const where = { ...(entity ? { entity } : {}), ...(entityId ? { entityId } : {}), ...(actorId ? { actorId } : {}) };
    const [items, total] = await request.app.em.findAndCount(AuditLog, where, { orderBy: { id: 'desc' }, limit, offset });
    return { items: items.map(presentAuditLog), total };
  },
};
