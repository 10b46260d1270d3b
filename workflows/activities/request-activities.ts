import type { ServiceTaskInput } from '../client';
import type { Orm } from '../../service-catalog/db/orm';
import { User } from '../../service-catalog/identity/domain/user.entity';
import { processScope, processTicket } from './process-scope';

/**
 * Task types of the service-request process.
 *
 * `requester-manager`: the username of the active line manager of the request's caller, as
 * `manager`; null when the caller has none (or the manager's account is inactive), and the diagram
 * then gives the approval to a group instead of leaving it with nobody. Read-only: a retry is harmless.
 */
export const createRequestActivities = ({ orm }: { orm: Orm }) => ({
  async 'requester-manager'(input: ServiceTaskInput) {
    const scope = await processScope(orm, input);
    const ticket = await processTicket(scope, input);
    const caller = ticket.callerId ? await scope.em.findOne(User, { id: ticket.callerId }) : null;
    const manager = caller?.managerId ? await scope.em.findOne(User, { id: caller.managerId, active: true }) : null;
    return { manager: manager?.username ?? null };
  },
});
