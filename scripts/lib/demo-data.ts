import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EngineClient } from '../../engine/client';
import { DecisionDefinitionService } from '../../service-catalog/decisions/domain/decision-definition-service';
import { ProcessDefinitionService } from '../../service-catalog/processes/domain/process-definition-service';
import { ProcessInstance } from '../../service-catalog/processes/domain/process-instance.entity';
import { ProcessInstanceService } from '../../service-catalog/processes/domain/process-instance-service';
import { systemActor } from '../../service-catalog/audit/audit-log';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { seedDemoIdentities } from './demo-identities';
import { seedDemoSla } from './demo-sla';

/**
 * Creates the demo organisations, groups and users (see demo-identities.ts), deploys every decision in
 * workflows/decisions and every diagram in workflows/processes (unchanged XML keeps its version) and,
 * on a fresh database, starts a few incidents so a newcomer sees work waiting in the UI.
 */
export async function seedDemoData(opts: { em: EntityManager; engine: EngineClient; processesDir: string }): Promise<string[]> {
  // The seed acts for the system and sees every tenant's rows, explicitly.
  setTenantScope(opts.em, TenantScope.all('demo data seed'));
  const actor = systemActor('demo-data');
  const report: string[] = await seedDemoIdentities(opts.em);
  report.push(...(await seedDemoSla(opts.em, actor)));
  // Decisions first: processes call them by id.
  const decisionsDir = join(opts.processesDir, '..', 'decisions');
  const decisionService = new DecisionDefinitionService(opts.em);
  for (const file of readdirSync(decisionsDir).filter((f) => f.endsWith('.dmn')).sort()) {
    const { decisions, created } = await decisionService.deploy(readFileSync(join(decisionsDir, file), 'utf8'), actor);
    report.push(`${created ? 'deployed' : 'up to date'}: ${decisions.map((d) => `decision ${d.decisionId} version ${d.version}`).join(', ')} (${file})`);
  }
  const definitions = new ProcessDefinitionService(opts.em);
  for (const file of readdirSync(opts.processesDir).filter((f) => f.endsWith('.bpmn')).sort()) {
    const { definition, created } = await definitions.deploy(readFileSync(join(opts.processesDir, file), 'utf8'), actor);
    report.push(`${created ? 'deployed' : 'up to date'}: ${definition.processId} version ${definition.version} (${file})`);
  }
  if ((await opts.em.count(ProcessInstance, {})) === 0) {
    const instances = new ProcessInstanceService(opts.em, opts.engine);
    const baltic = await opts.em.findOneOrFail(Organization, { name: 'Baltic Retail UAB' });
    const demo = [
      { businessKey: 'INC0001041', variables: { title: 'Printer on floor 3 jams', caller: 'paulius@example.com' } },
      { businessKey: 'INC0001042', variables: { title: 'Laptop will not connect to VPN', caller: 'rita@example.com' } },
    ];
    for (const d of demo) await instances.start({ processId: 'incident', ...d }, { actor, organizationId: baltic.id });
    report.push(`started ${demo.length} demo incidents`);
  }
  return report;
}
