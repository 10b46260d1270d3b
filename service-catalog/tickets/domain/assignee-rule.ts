import type { EntityManager } from '@mikro-orm/postgresql';
import { InvalidInput } from '../../errors';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { maySeeOrganization } from '../../identity/domain/serves';
import { User } from '../../identity/domain/user.entity';

/**
 * Who may hold a ticket of `organizationId` (null: internal): an active member of staff who may see
 * it — who serves that customer, or any staff for an internal ticket. Every way a ticket gets an
 * assignee (raising it, editing it, the assignment route, a process writing `assigneeId`) asks this,
 * so no ticket waits with someone who cannot open it. @param field where the id came from, for the 400.
 */
export async function assignableUser(
  em: EntityManager,
  userId: string,
  organizationId: string | null,
  field = 'payload.assigneeId',
): Promise<User> {
  const user = await em.findOne(User, { id: userId });
  if (!user || !user.active || !user.roles.some((r) => STAFF_ROLES.includes(r))) {
    throw new InvalidInput('UNKNOWN_ASSIGNEE', `user ${userId} is not an active member of staff`, [
      { field, message: 'no such active agent or technician' },
    ]);
  }
  if (!maySeeOrganization(user, organizationId)) {
    throw new InvalidInput(
      'ASSIGNEE_DOES_NOT_SERVE_ORGANIZATION',
      `${user.username} does not serve the ticket's organisation, so could not see the ticket`,
      [{ field, message: `${user.username} does not serve this organisation` }],
    );
  }
  return user;
}
