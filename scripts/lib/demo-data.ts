import { seedDemoCatalog, seedDemoServices } from './demo-services';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DecisionDefinitionService } from '../../service-catalog/decisions/domain/decision-definition-service';
import { ProcessDefinitionService } from '../../service-catalog/processes/domain/process-definition-service';
import { systemActor } from '../../service-catalog/audit/audit-log';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';
import { loadPrincipal } from '../../service-catalog/identity/domain/directory';
import { User } from '../../service-catalog/identity/domain/user.entity';
import type { NewTicket, TicketProcesses } from '../../service-catalog/tickets/domain/ticket-service';
import type { TicketServices } from '../../service-catalog/tickets/ticket-services';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { seedDemoIdentities } from './demo-identities';
import { seedDemoRouting } from './demo-routing';
import { seedDemoSla } from './demo-sla';

/**
 * Creates the demo organisations, groups and users (see demo-identities.ts), SLA policies and routing
 * (demo-sla.ts, demo-routing.ts), deploys every decision in
 * workflows/decisions and every diagram in workflows/processes (unchanged XML keeps its version) and,
 * on a fresh database, raises a few incidents as their callers (each runs the incident process) so
 * a newcomer sees work waiting in the UI.
 */
export async function seedDemoData(opts: {
  em: EntityManager;
  processes: TicketProcesses;
  tickets: TicketServices;
  processesDir: string;
}): Promise<string[]> {
  // The seed acts for the system and sees every tenant's rows, explicitly.
  setTenantScope(opts.em, TenantScope.all('demo data seed'));
  const actor = systemActor('demo-data');
  const report: string[] = await seedDemoIdentities(opts.em);
  report.push(...(await seedDemoServices(opts.em)));
  report.push(...(await seedDemoCatalog(opts.em)));
  report.push(...(await seedDemoSla(opts.em, actor)));
  report.push(...(await seedDemoRouting(opts.em, actor)));
  // Decisions first: processes call them by id.
  const decisionsDir = join(opts.processesDir, '..', 'decisions');
  const decisionService = new DecisionDefinitionService(opts.em);
  for (const file of readdirSync(decisionsDir)
    .filter((f) => f.endsWith('.dmn'))
    .sort()) {
    const { decisions, created } = await decisionService.deploy(readFileSync(join(decisionsDir, file), 'utf8'), actor);
    report.push(
      `${created ? 'deployed' : 'up to date'}: ${decisions.map((d) => `decision ${d.decisionId} version ${d.version}`).join(', ')} (${file})`,
    );
  }
  const definitions = new ProcessDefinitionService(opts.em);
  for (const file of readdirSync(opts.processesDir)
    .filter((f) => f.endsWith('.bpmn'))
    .sort()) {
    const { definition, created, previous } = await definitions.deploy(readFileSync(join(opts.processesDir, file), 'utf8'), actor);
    // Like a deploy through the API: a new version takes over the timer start events.
    if (created && (definition.graph.timerStartEvents?.length || previous?.graph.timerStartEvents?.length)) {
      await opts.processes.engine.scheduleTimerStarts(definition, previous?.graph);
    }
    report.push(`${created ? 'deployed' : 'up to date'}: ${definition.processId} version ${definition.version} (${file})`);
  }
  if ((await opts.em.count(Ticket, {})) === 0) {
    const tickets = opts.tickets.tickets(opts.em);
    const demo: Array<[string, NewTicket]> = [
      [
        'paulius',
        {
          type: 'incident',
          title: 'Printer on floor 3 jams',
          description: 'Every second page jams since this morning.',
          impact: 'medium',
          urgency: 'low',
          category: 'hardware',
          service: 'Printing',
        },
      ],
      [
        'rita',
        {
          type: 'incident',
          title: 'Laptop will not connect to VPN',
          description: 'The VPN client says "authentication failed" since yesterday.',
          impact: 'low',
          urgency: 'high',
          category: 'network',
          service: 'VPN',
        },
      ],
      [
        'erik',
        {
          type: 'incident',
          title: 'Warehouse scanners cannot reach the WMS',
          description: 'None of the handheld scanners in Oslo can log in.',
          impact: 'high',
          urgency: 'high',
          category: 'network',
          service: 'WMS',
        },
      ],
    ];
    for (const [username, ticket] of demo) {
      const user = await opts.em.findOneOrFail(User, { username });
      const caller = (await loadPrincipal(opts.em, user.id, 'jwt'))!;
      const { ticket: created } = await tickets.create(caller, ticket);
      report.push(`raised ${created.number} for ${username}: ${created.title}`);
    }
  }
  return report;
}
