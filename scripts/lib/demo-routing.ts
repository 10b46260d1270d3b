import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../service-catalog/audit/audit-log';
import { GroupService } from '../../service-catalog/identity/domain/group-service';
import { User } from '../../service-catalog/identity/domain/user.entity';
import { UserService } from '../../service-catalog/identity/domain/user-service';
import type { RoutingStrategy } from '../../service-catalog/routing/domain/choose-assignee';
import { RoutingRule } from '../../service-catalog/routing/domain/routing-rule.entity';
import { RoutingRuleService, type RuleInput } from '../../service-catalog/routing/domain/routing-rule-service';

/** Scenario 1: network incidents go to the Network queue, VPN ones to someone who knows VPN; the rest to the desk. */
const RULES: RuleInput[] = [
  { name: 'VPN', category: 'network', service: 'VPN', assignmentGroup: 'network', requiredSkills: ['vpn'] },
  { name: 'Network', category: 'network', assignmentGroup: 'network' },
  // Scenario 4: the dispatcher assigns card-terminal work by hand (field service routes manually).
  {
    name: 'Card terminals',
    category: 'hardware',
    service: 'Card terminals',
    assignmentGroup: 'field-service',
    requiredSkills: ['payment-terminals'],
  },
];

const STRATEGIES: Record<string, RoutingStrategy> = {
  'service-desk': 'round-robin',
  network: 'skills',
  'field-service': 'manual',
  'major-incident': 'manual',
};

const SKILLS: Record<string, string[]> = {
  tomas: ['accounts', 'printing', 'windows'],
  agne: ['firewall', 'network', 'vpn', 'wms'],
  nils: ['network', 'vpn', 'wms'],
  ieva: ['payment-terminals', 'printers'],
  lukas: ['payment-terminals', 'warehouse-scanners'],
};

/**
 * Routing for the demo, once: on a database without routing rules, the rules above, each demo group's
 * strategy, the agents' skills and service-desk as the default group. Once rules exist, a restart
 * leaves routing as the process owner has since made it.
 */
export async function seedDemoRouting(em: EntityManager, actor: Actor): Promise<string[]> {
  if (await em.count(RoutingRule, {})) return [];
  const rules = new RoutingRuleService(em);
  await rules.setDefaultGroup(actor, 'service-desk');
  for (const rule of RULES) await rules.create(actor, rule);
  const groups = new GroupService(em);
  for (const [key, routingStrategy] of Object.entries(STRATEGIES)) await groups.update(actor, key, { routingStrategy });
  const users = new UserService(em);
  for (const [username, skills] of Object.entries(SKILLS)) {
    const user = await em.findOne(User, { username });
    if (user) await users.update(actor, user.id, { skills });
  }
  return [`created ${RULES.length} routing rules (default group service-desk); service-desk routes round-robin, network by skills`];
}
