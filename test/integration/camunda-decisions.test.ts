import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decisionTable, dmnDocument, literalDecision } from '../../engine/dmn/fixtures/make-dmn';
import { camundaClientAs, camundaKeyOf } from '../support/job-api';
import { TestSystem } from '../support/test-system';

interface Problem {
  details: Array<{ field?: string }>;
}

/**
 * What an application written for Camunda 8 does to ask a business rule outside any process, through
 * Camunda's own TypeScript client against Flowdesk on real servers: evaluate a deployed decision and
 * read which rules matched, with the decisions it required.
 */
describe("Camunda's decision evaluation", () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const discount = `discount-${tag}`;
  const tier = `tier-${tag}`;
  const strict = `strict-${tag}`;
  let keys: Record<string, string>;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, uiDir: mkdtempSync(join(tmpdir(), 'flowdesk-no-ui-')) });
    // discount ← tier: every rule that applies adds its percentage and says why (RULE ORDER, two outputs).
    const xml = dmnDocument(
      [
        literalDecision(tier, 'if orders > 10 then "gold" else "silver"', { variable: 'tier' }),
        decisionTable({
          id: discount,
          name: 'Discount',
          hitPolicy: 'RULE ORDER',
          inputs: ['tier', 'amount'],
          outputs: ['percent', 'reason'],
          rules: [
            [
              ['"gold"', '-'],
              ['10', '"loyal customer"'],
            ],
            [
              ['-', '> 1000'],
              ['5', '"large order"'],
            ],
            [
              ['"silver"', '< 10'],
              ['0', '"too small"'],
            ],
          ],
          requires: [tier],
        }),
        // Its output may only be "a" or "b": any other value of x fails the decision.
        decisionTable({
          id: strict,
          inputs: ['x'],
          outputs: [{ name: 'y', values: '"a","b"' }],
          rules: [[['-'], ['string(x)']]],
          rulePrefix: 's',
        }),
      ].join('\n'),
    );
    const deployed = await system.injectAs('marta', { method: 'POST', url: '/decision-definitions', payload: { xml } });
    expect(deployed.statusCode).toBe(201);
    const { decisions } = deployed.result as { decisions: Array<{ id: string; decisionId: string }> };
    keys = Object.fromEntries(decisions.map((d) => [d.decisionId, d.id]));
    expect(Object.keys(keys).sort()).toEqual([discount, strict, tier].sort());
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  it('evaluates a decision with the one it requires, naming the rules that matched and what each produced', async () => {
    const camunda = await camundaClientAs(system, 'tomas');
    const result = await camunda.evaluateDecision({ decisionDefinitionId: discount as never, variables: { orders: 12, amount: 1500 } });
    expect(result).toMatchObject({
      decisionDefinitionId: discount,
      decisionDefinitionKey: await camundaKeyOf(system, keys[discount]!),
      decisionDefinitionName: 'Discount',
      decisionDefinitionVersion: 1,
      failedDecisionDefinitionId: null,
      failureMessage: null,
      tenantId: '<default>',
    });
    expect(JSON.parse(result.output)).toEqual([
      { percent: 10, reason: 'loyal customer' },
      { percent: 5, reason: 'large order' },
    ]);
    const [required, asked] = result.evaluatedDecisions;
    expect(required).toMatchObject({
      decisionDefinitionId: tier,
      decisionDefinitionKey: await camundaKeyOf(system, keys[tier]!),
      decisionDefinitionType: 'LITERAL_EXPRESSION',
      output: '"gold"',
      matchedRules: [],
    });
    expect(asked).toMatchObject({ decisionDefinitionId: discount, decisionDefinitionType: 'DECISION_TABLE' });
    expect(asked!.evaluatedInputs.map((i) => [i.inputName, i.inputValue])).toEqual([
      [`${discount}-in1`, '"gold"'],
      [`${discount}-in2`, '1500'],
    ]);
    expect(asked!.matchedRules.map((r) => [r.ruleId, r.ruleIndex, r.evaluatedOutputs.map((o) => [o.outputName, o.outputValue])])).toEqual([
      [
        'r1',
        1,
        [
          ['percent', '10'],
          ['reason', '"loyal customer"'],
        ],
      ],
      [
        'r2',
        2,
        [
          ['percent', '5'],
          ['reason', '"large order"'],
        ],
      ],
    ]);
  });

  it('evaluates one version by its key, and answers a failing decision with what failed', async () => {
    const post = (payload: object, user = 'tomas') =>
      system.injectAs(user, { method: 'POST', url: '/v2/decision-definitions/evaluation', payload });
    const byKey = await post({ decisionDefinitionKey: keys[tier], variables: { orders: 3 } });
    expect(byKey.statusCode).toBe(200);
    expect(byKey.result).toMatchObject({ decisionDefinitionId: tier, output: '"silver"' });

    const failed = await post({ decisionDefinitionId: strict, variables: { x: 'c' } });
    expect(failed.statusCode).toBe(200);
    expect(failed.result).toMatchObject({
      decisionDefinitionId: strict,
      output: 'null',
      failedDecisionDefinitionId: strict,
      failureMessage: expect.stringContaining('"c"'),
      evaluatedDecisions: [],
    });
    expect((await post({ decisionDefinitionId: strict, variables: { x: 'a' } })).result).toMatchObject({
      output: '"a"',
      failureMessage: null,
    });

    expect((await post({ decisionDefinitionId: `nothing-${tag}` })).statusCode).toBe(404);
    expect((await post({ decisionDefinitionKey: randomUUID() })).statusCode).toBe(404);
    const both = await post({ decisionDefinitionId: discount, decisionDefinitionKey: keys[discount] });
    expect(both.statusCode).toBe(400);
    expect((both.result as Problem).details.length).toBeGreaterThan(0);
    expect((await post({ decisionDefinitionId: discount }, 'rita')).statusCode).toBe(403);
  });
});
