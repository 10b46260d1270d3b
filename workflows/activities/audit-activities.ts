import { ApplicationFailure } from '@temporalio/activity';
import { UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import type { ServiceTaskInput, ServiceTaskOutput } from '../client';
import { AuditEntry } from '../../service-catalog/audit/audit-entry.entity';
import type { Orm } from '../../service-catalog/db/orm';
import { inScopeTransaction, namedTicket, processScope } from './process-scope';

/**
 * Task type `audit`: records a business event named by the task's `action` header, e.g.
 * `incident.logged`. Written once per element instance however often Temporal retries it.
 */
export const createAuditActivities = ({ orm }: { orm: Orm }) => ({
  async audit(input: ServiceTaskInput): Promise<ServiceTaskOutput> {
    const action = input.headers.action;
    if (!action) {
      throw ApplicationFailure.nonRetryable(
        `service task ${input.elementId} of type "audit" needs an "action" task header`,
        'MISSING_HEADER',
      );
    }
    const scope = await processScope(orm, input);
    try {
      // One transaction reads and writes: the look at the ticket costs no transaction of its own.
      await inScopeTransaction(scope, async (tx) => {
        // An event about another organisation's ticket is not this instance's to record.
        await namedTicket(tx, input);
        tx.em.create(AuditEntry, {
          processInstanceId: input.processInstanceId,
          processId: input.processId,
          elementId: input.elementId,
          elementInstanceKey: input.elementInstanceKey,
          action,
          data: input.variables,
          createdAt: new Date(),
        });
      });
    } catch (err) {
      // An earlier attempt already wrote it; the effect happened exactly once.
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
    }
  },
});
