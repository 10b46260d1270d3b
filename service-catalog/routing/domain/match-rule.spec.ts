import { firstMatchingRule, type RoutingFacts } from './match-rule';

const facts = (f: Partial<RoutingFacts> = {}): RoutingFacts => ({
  category: null,
  subcategory: null,
  serviceId: null,
  priority: null,
  organizationId: null,
  ...f,
});
const rule = (name: string, position: number, criteria: Partial<RoutingFacts> = {}) => ({
  name,
  position,
  category: null,
  subcategory: null,
  serviceId: null,
  priority: null,
  organizationId: null,
  ...criteria,
});

describe('firstMatchingRule', () => {
  const rules = [
    rule('anything else from Baltic', 4, { organizationId: 'org-b' }),
    rule('network', 2, { category: 'network' }),
    rule('vpn', 1, { category: 'network', serviceId: 'VPN' }),
    rule('urgent hardware', 3, { category: 'hardware', priority: 'P1' }),
  ];

  it('takes the first rule by position whose every criterion matches, whatever order the rules come in', () => {
    expect(firstMatchingRule(rules, facts({ category: 'network', serviceId: 'VPN' }))?.name).toBe('vpn');
    expect(firstMatchingRule(rules, facts({ category: 'network', serviceId: 'WMS' }))?.name).toBe('network');
    expect(firstMatchingRule(rules, facts({ category: 'hardware', priority: 'P1', organizationId: 'org-b' }))?.name).toBe(
      'urgent hardware',
    );
    expect(firstMatchingRule(rules, facts({ category: 'hardware', priority: 'P3', organizationId: 'org-b' }))?.name).toBe(
      'anything else from Baltic',
    );
  });

  it('compares trimmed and without case', () => {
    expect(firstMatchingRule(rules, facts({ category: ' Network ', serviceId: 'vpn' }))?.name).toBe('vpn');
  });

  it('never matches a set criterion against an empty field, and answers nothing when no rule fits', () => {
    expect(firstMatchingRule(rules, facts({ serviceId: 'VPN' }))).toBeUndefined();
    expect(firstMatchingRule(rules, facts())).toBeUndefined();
    expect(firstMatchingRule([], facts({ category: 'network' }))).toBeUndefined();
  });

  it('treats an empty criterion as matching anything, so a rule without criteria catches every ticket', () => {
    expect(firstMatchingRule([...rules, rule('catch-all', 9, { category: '' })], facts())?.name).toBe('catch-all');
  });
});
