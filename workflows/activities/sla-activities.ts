import { ApplicationFailure, Context } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceTaskInput } from '../../engine/client';
import type { Orm } from '../../service-catalog/db/orm';
import { NotFound } from '../../service-catalog/errors';
import { SlaService } from '../../service-catalog/sla/domain/sla-service';

/**
 * Task type `sla-deadlines`: the matching SLA policy's response, warning and resolution instants for
 * the ticket the process runs for (variables `priority`, `service`, `organizationId`, `openedAt`), as
 * ISO text a FEEL timer can use (`=date and time(resolutionDueAt)`).
 */
export const createSlaActivities = ({ orm }: { orm: Orm }) => ({
  async 'sla-deadlines'(input: ServiceTaskInput) {
    const v = input.variables;
    const openedAt = typeof v.openedAt === 'string' ? new Date(v.openedAt) : new Date(Context.current().info.scheduledTimestampMs);
    if (Number.isNaN(openedAt.getTime())) throw ApplicationFailure.nonRetryable(`openedAt "${String(v.openedAt)}" is not a date`, 'INVALID_VARIABLE');
    const text = (x: unknown) => (typeof x === 'string' && x ? x : null);
    try {
      const d = await new SlaService(orm.em.fork() as EntityManager).deadlines({ priority: text(v.priority), service: text(v.service), organizationId: text(v.organizationId) }, openedAt);
      return {
        slaPolicy: d.policy.name,
        responseDueAt: d.responseDueAt.toISOString(),
        resolutionWarningAt: d.resolutionWarningAt.toISOString(),
        resolutionDueAt: d.resolutionDueAt.toISOString(),
      };
    } catch (err) {
      // No policy is a configuration problem: an incident the process owner fixes, not something to retry.
      if (err instanceof NotFound) throw ApplicationFailure.nonRetryable(err.message, err.code);
      throw err;
    }
  },
});
