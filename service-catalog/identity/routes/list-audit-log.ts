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
    notes: 'Filters combine: actor, entity (and id), action, and `from`/`to` (inclusive instants) for a period.',
    validate: {
      query: Joi.object({
        entity: Joi.string().max(100),
        entityId: Joi.string().max(255),
        actorId: uuid,
        action: Joi.string().max(100),
        from: Joi.date().iso(),
        // Compared with `from` only when there is one: a reference to a missing date is itself an error in joi.
        to: Joi.date()
          .iso()
          .when('from', { is: Joi.exist(), then: Joi.date().min(Joi.ref('from')) })
          .messages({ 'date.min': '"to" must not be before "from"' }),
        ...pagination,
      }),
    },
    response: { schema: auditLogList },
  },
  async handler(request) {
    const { entity, entityId, actorId, action, from, to, limit, offset } = request.query as {
      entity?: string;
      entityId?: string;
      actorId?: string;
      action?: string;
      from?: Date;
      to?: Date;
      limit: number;
      offset: number;
    };
    const where = {
      ...(entity ? { entity } : {}),
      ...(entityId ? { entityId } : {}),
      ...(actorId ? { actorId } : {}),
      ...(action ? { action } : {}),
      ...(from || to ? { at: { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) } } : {}),
    };
    const [items, total] = await request.app.em.findAndCount(AuditLog, where, { orderBy: { id: 'desc' }, limit, offset });
    return { items: items.map(presentAuditLog), total };
  },
};
