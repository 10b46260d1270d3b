/**
 * The import rules between the rooms (docs/architecture.md) are enforced by eslint in `npm test`. These cases lint
 * source text as if it lived at a given path, with the repository's own eslint.config.mjs, and expect the rule to
 * name each import that crosses a boundary the wrong way, and to leave the allowed ones alone.
 */
import { ESLint } from 'eslint';
import { repoRoot } from '../support/repo-root';

const RULE = 'flowdesk/import-boundaries';
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  expect(result.fatalErrorCount).toBe(0);
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('import boundaries', () => {
  it('refuses Temporal in engine/, by package and by scope', async () => {
    const errors = await boundaryErrors(
      'engine/runtime/lint-probe.ts',
      "import { sleep } from '@temporalio/workflow';\nexport const pause = () => sleep(1);\n",
    );
    expect(errors).toEqual([expect.stringContaining("engine/ may not import '@temporalio/workflow'")]);
  });

  it('refuses service, workflow and UI code in engine/, also through type imports and re-exports', async () => {
    const errors = await boundaryErrors(
      'engine/compiler/lint-probe.ts',
      [
        "import type { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';",
        "export { createTicketActivities } from '../../workflows/activities/ticket-activities';",
        "export type Page = import('../../ui/src/app/app').App;",
        'export type T = Ticket;',
      ].join('\n'),
    );
    expect(errors).toEqual([
      expect.stringContaining('(service-catalog/tickets/domain/ticket.entity)'),
      expect.stringContaining('(workflows/activities/ticket-activities)'),
      expect.stringContaining('(ui/src/app/app)'),
    ]);
  });

  it('lets engine/ import its own modules, including one named like a room', async () => {
    const errors = await boundaryErrors(
      'engine/runtime/lint-probe.ts',
      "import { step } from './interpreter';\nimport { x } from './workflows';\nimport { feel } from '../feel/feel';\nexport { step, x, feel };\n",
    );
    expect(errors).toEqual([]);
  });

  it('lets service-catalog/ reach the processes through workflows/client only', async () => {
    const errors = await boundaryErrors(
      'service-catalog/tickets/domain/lint-probe.ts',
      [
        "import { EngineClient } from '../../../workflows/client/engine-client';",
        "import { createTicketActivities } from '../../../workflows/activities/ticket-activities';",
        "import { bpmnProcess } from '../../../workflows/bpmn-process/workflow';",
        'export { EngineClient, createTicketActivities, bpmnProcess };',
      ].join('\n'),
    );
    expect(errors).toEqual([
      expect.stringContaining("may not import '../../../workflows/activities/ticket-activities'"),
      expect.stringContaining("may not import '../../../workflows/bpmn-process/workflow'"),
    ]);
  });

  it('keeps workflow code to the sandbox: the engine, @temporalio/workflow and activity types', async () => {
    const errors = await boundaryErrors(
      'workflows/bpmn-process/lint-probe.ts',
      [
        "import { condition } from '@temporalio/workflow';",
        "import { step } from '../../engine/runtime/interpreter';",
        "import type { createActivities } from '../activities';",
        "import { LOCAL_TASK_TYPES } from '../activities';",
        "import { Context } from '@temporalio/activity';",
        "import pino from 'pino';",
        "import { EngineClient } from '../client/engine-client';",
        'export type A = ReturnType<typeof createActivities>;',
        'export { condition, step, LOCAL_TASK_TYPES, Context, pino, EngineClient };',
      ].join('\n'),
    );
    expect(errors).toEqual([
      expect.stringContaining("may not import '../activities' (workflows/activities)"),
      expect.stringContaining("may not import '@temporalio/activity'"),
      expect.stringContaining("may not import 'pino'"),
      expect.stringContaining("may not import '../client/engine-client' (workflows/client/engine-client)"),
    ]);
  });

  it('refuses server code in ui/, by relative path and by package', async () => {
    const errors = await boundaryErrors(
      'ui/src/app/features/desk/lint-probe.ts',
      [
        "import { ticketFields } from '../../../../../service-catalog/tickets/schemas';",
        "import { MikroORM } from '@mikro-orm/core';",
        "import { ApiClient } from '../../core/api/api-client';",
        'export { ticketFields, MikroORM, ApiClient };',
      ].join('\n'),
    );
    expect(errors).toEqual([
      expect.stringContaining('(service-catalog/tickets/schemas): the UI ships to the browser on its own'),
      expect.stringContaining("ui/ may not import '@mikro-orm/core'"),
    ]);
  });
});
