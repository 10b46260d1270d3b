import { ApplicationFailure } from '@temporalio/activity';
import type { ServiceTaskInput } from '../client';
import { ChangeSchedule, isConflicting, servicesOf } from '../../service-catalog/changes/domain/change-schedule';
import type { Orm } from '../../service-catalog/db/orm';
import { Group } from '../../service-catalog/identity/domain/group.entity';
import { STAFF_ROLES } from '../../service-catalog/identity/domain/roles';
import { maySeeOrganization } from '../../service-catalog/identity/domain/serves';
import { User } from '../../service-catalog/identity/domain/user.entity';
import { ApprovalMailer } from '../../service-catalog/approvals/domain/approval-mailer';
import type { OutgoingMailDeps } from '../../service-catalog/mail/domain/outgoing-mail';
import { ProblemChanges } from '../../service-catalog/problems/domain/problem-changes';
import { problemProcessPrincipal } from '../../service-catalog/problems/domain/problem-principal';
import type { TicketServices } from '../../service-catalog/tickets/ticket-services';
import { processScope, processTicket } from './process-scope';

const HOUR_MS = 3_600_000;

/**
 * Task types of approvals and of the change process.
 *
 * `approvers` (header `group`): the usernames of the group's active staff who may see the process's
 * ticket, as `approvers`; the input collection of a multi-instance approval task (one task each).
 * None is a modelling or directory error, raised as an incident rather than approving by default.
 *
 * `change-assess`: what the risk table and the approvers need to know about the change from its
 * record: `affectedServiceCount`, `windowHours` (the planned window's length), `conflicts` (other
 * changes on one of its services in an overlapping window, blackout windows it falls into) and
 * `hasConflicts`. Read-only, so a retry is harmless.
 *
 * `approval-remind` (header `element`, optional: the approval task whose approvals are meant): mails
 * every approval of the instance still pending to whoever holds it now, with fresh links; run by a
 * non-interrupting cycle timer on the approval task, once per firing (the Message-ID carries this
 * task's element instance key), so nobody who decided already, and nobody twice per interval. Answers
 * `remindersSent`.
 *
 * `change-resolve-problems`: a change closed successful resolves the problems linked to it
 * (`resolved_by`, see problem-changes.ts) through their own processes. Answers `resolvedProblems` and
 * `problemsLeftOpen`.
 */
export const createChangeActivities = ({ orm, tickets, mail }: { orm: Orm; tickets: TicketServices; mail?: OutgoingMailDeps }) => ({
  async approvers(input: ServiceTaskInput) {
    const key = input.headers.group?.trim();
    if (!key) throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: needs a "group" task header`, 'MISSING_HEADER');
    const scope = await processScope(orm, input);
    const group = await scope.em.findOne(Group, { key });
    if (!group) throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: there is no group "${key}"`, 'UNKNOWN_GROUP');
    const members = await scope.em.find(User, { active: true }, { orderBy: { username: 'asc' } });
    const approvers = members
      .filter((u) => u.groupIds.includes(group.id) && u.roles.some((r) => STAFF_ROLES.includes(r)))
      .filter((u) => maySeeOrganization(u, scope.organizationId))
      .map((u) => u.username);
    if (!approvers.length)
      throw ApplicationFailure.nonRetryable(
        `service task ${input.elementId}: group "${key}" has nobody who may approve for this organisation`,
        'NO_APPROVERS',
      );
    return { approvers };
  },

  async 'approval-remind'(input: ServiceTaskInput) {
    if (!mail)
      throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: this worker has no outgoing mail`, 'MAIL_NOT_CONFIGURED');
    const scope = await processScope(orm, input);
    const element = input.headers.element?.trim() || undefined;
    const sent = await new ApprovalMailer(scope.em, mail).remind(input.processInstanceId, String(input.elementInstanceKey), element);
    return { remindersSent: sent };
  },

  async 'change-resolve-problems'(input: ServiceTaskInput) {
    const scope = await processScope(orm, input);
    const change = await processTicket(scope, input);
    const principal = problemProcessPrincipal(input.processId, scope.organizationId);
    return new ProblemChanges(scope.em, tickets).resolveThrough(principal, change);
  },

  async 'change-assess'(input: ServiceTaskInput) {
    const scope = await processScope(orm, input);
    const change = await processTicket(scope, input);
    const conflicts = await new ChangeSchedule(scope.em).conflicts(change);
    const windowHours =
      change.plannedStartAt && change.plannedEndAt ? (change.plannedEndAt.getTime() - change.plannedStartAt.getTime()) / HOUR_MS : null;
    return {
      affectedServiceCount: servicesOf(change).length,
      windowHours,
      conflicts: JSON.parse(JSON.stringify(conflicts)) as unknown,
      hasConflicts: isConflicting(conflicts),
    };
  },
});
