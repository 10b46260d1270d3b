import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceTaskInput } from '../client';
import { addIsoDuration } from '../../engine/runtime/timer-schedule';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';
import type { Orm } from '../../service-catalog/db/orm';
import type { OutgoingMailDeps } from '../../service-catalog/mail/domain/outgoing-mail';
import { ProblemFollowThrough } from '../../service-catalog/problems/domain/problem-follow-through';
import { problemProcessPrincipal } from '../../service-catalog/problems/domain/problem-principal';
import { ProblemService } from '../../service-catalog/problems/domain/problem-service';
import { findIncidentTrends, TREND_GROUPINGS, type TrendGrouping } from '../../service-catalog/problems/domain/problem-trends';
import type { TicketServices } from '../../service-catalog/tickets/ticket-services';
import { processScope, processTicket } from './process-scope';

/**
 * The task types of problem management (workflows/processes/problem.bpmn and problem-trend.bpmn):
 * `problem-workaround` publishes the problem's workaround to its incidents, `problem-resolve-incidents`
 * resolves them with it, `problem-trend-check` opens a problem for each trend of incidents.
 */
export const createProblemActivities = ({ orm, tickets, mail }: { orm: Orm; tickets: TicketServices; mail?: OutgoingMailDeps }) => ({
  async 'problem-workaround'(input: ServiceTaskInput) {
    const scope = await processScope(orm, input);
    const problem = await processTicket(scope, input);
    const principal = problemProcessPrincipal(input.processId, scope.organizationId);
    const reached = await new ProblemFollowThrough(scope.em, tickets, principal, mail).publishWorkaround(problem);
    return { workaroundPublishedTo: reached };
  },

  async 'problem-resolve-incidents'(input: ServiceTaskInput) {
    const scope = await processScope(orm, input);
    const problem = await processTicket(scope, input);
    const principal = problemProcessPrincipal(input.processId, scope.organizationId);
    const notes = String(input.variables.resolutionNotes ?? problem.resolutionNotes ?? problem.title);
    const { resolved, leftOpen } = await new ProblemFollowThrough(scope.em, tickets, principal, mail).resolveIncidents(problem, notes);
    return { resolvedIncidents: resolved, incidentsLeftOpen: leftOpen };
  },

  /**
   * Headers `threshold` (default 3 incidents), `window` (ISO 8601 duration, default PT24H) and `groupBy`
   * (`service`, default, or `category`). A timer start event runs it (a Temporal workflow per timer, so
   * one check per cycle however many workers run). It looks at every customer's incidents — the one
   * task type that does, by name — and opens each customer's problem within that customer's scope.
   */
  async 'problem-trend-check'(input: ServiceTaskInput) {
    const fail = (message: string) => ApplicationFailure.nonRetryable(`service task ${input.elementId}: ${message}`, 'INVALID_HEADER');
    const threshold = Number(input.headers.threshold ?? 3);
    if (!Number.isInteger(threshold) || threshold < 2 || threshold > 1000)
      throw fail('header "threshold" must be a whole number from 2 to 1000');
    const groupBy = (input.headers.groupBy ?? 'service') as TrendGrouping;
    if (!TREND_GROUPINGS.includes(groupBy)) throw fail(`header "groupBy" must be one of ${TREND_GROUPINGS.join(', ')}`);
    let windowMs: number;
    try {
      windowMs = addIsoDuration(input.headers.window ?? 'PT24H', 0);
    } catch (err) {
      throw fail(`header "window": ${(err as Error).message}`);
    }
    const everyone = orm.em.fork() as EntityManager;
    setTenantScope(everyone, TenantScope.all('problem trend check: counts every customer’s incidents'));
    const trends = await findIncidentTrends(everyone, { threshold, windowMs, groupBy, now: new Date() });
    const opened: string[] = [];
    for (const trend of trends) {
      const em = orm.em.fork() as EntityManager;
      setTenantScope(em, trend.organizationId ? TenantScope.of([trend.organizationId], false) : TenantScope.of([], true));
      const principal = problemProcessPrincipal(input.processId, trend.organizationId);
      const problem = await new ProblemService(em, tickets).open(
        principal,
        {
          title: `${trend.incidents.length} incidents on ${trend.groupBy} ${trend.value}`.slice(0, 200),
          description: `Opened by trend detection: ${trend.incidents.length} incidents on ${trend.groupBy} "${trend.value}" within ${input.headers.window ?? 'PT24H'}: ${trend.incidents.map((i) => i.number).join(', ')}.`,
          incidents: trend.incidents.map((i) => i.number),
        },
        `problem-trend:${trend.key}`,
      );
      opened.push(problem.number);
    }
    return { problemsOpened: opened };
  },
});
