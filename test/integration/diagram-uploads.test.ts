import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { threadId } from 'node:worker_threads';
import { compileProcess, MAX_FLOW_ELEMENTS } from '../../engine/compiler';
import { bpmnDocument, flow, serviceTask } from '../../engine/compiler/fixtures/make-bpmn';
import { MAX_DMN_ELEMENTS } from '../../engine/dmn';
import { decisionTable, dmnDocument, literalDecision } from '../../engine/dmn/fixtures/make-dmn';
import { DecisionDefinition } from '../../service-catalog/decisions/domain/decision-definition.entity';
import { ProcessDefinition } from '../../service-catalog/processes/domain/process-definition.entity';
import { incidentProcess } from '../support/fixtures';
import { TestSystem } from '../support/test-system';

/** A chain of service tasks as long as the flow element limit allows: start, tasks, end and the flows between. */
function nearLimitDiagram(processId: string): string {
  const tasks = Math.floor((MAX_FLOW_ELEMENTS - 3) / 2);
  const parts = ['<bpmn:startEvent id="start" />'];
  let previous = 'start';
  for (let i = 0; i < tasks; i++) {
    parts.push(serviceTask(`task${i}`), flow(`flow${i}`, previous, `task${i}`));
    previous = `task${i}`;
  }
  parts.push('<bpmn:endEvent id="end" />', flow('flowEnd', previous, 'end'));
  return bpmnDocument(parts.join('\n'), processId);
}

/** 100,000 empty tasks in under 2 MB: the shape of upload that used to hold the event loop for seconds. */
function overLimitDiagram(processId: string): string {
  const body = Array.from({ length: 100_000 }, (_, i) => `<task id="t${i.toString(36)}"/>`).join('');
  return `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="big" targetNamespace="x"><process id="${processId}" isExecutable="true">${body}</process></definitions>`;
}

/**
 * Uploads of BPMN and DMN: the content types the routes document, element limits enforced before
 * parsing, and compiles on worker threads so one large upload does not stall every other request.
 */
describe('diagram uploads', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => {
    await system?.close();
  });

  const as = (method: string, url: string, payload: string | object, contentType?: string) =>
    system.injectAs('marta', { method, url, payload, ...(contentType ? { headers: { 'content-type': contentType } } : {}) });
  const compiles = () => system.server.app.compiler.stats();

  describe('XML bodies', () => {
    it.each(['application/xml', 'text/xml', 'application/bpmn+xml'])(
      'deploys and validates a .bpmn file sent as %s',
      async (contentType) => {
        const { processId, xml } = incidentProcess(`xml_${contentType.replace(/\W/g, '_')}`);
        const deployed = await as('POST', '/process-definitions', xml, contentType);
        expect(deployed.statusCode).toBe(201);
        expect(deployed.result).toMatchObject({ processId, version: 1, created: true });
        const validated = await as('POST', '/process-definitions/validate', xml, contentType);
        expect(validated.statusCode).toBe(200);
        expect(validated.result).toMatchObject({ valid: true, errors: [] });
      },
    );

    it.each(['application/xml', 'text/xml', 'application/dmn+xml'])('deploys a .dmn file sent as %s', async (contentType) => {
      const decisionId = `d_${tag}_${contentType.replace(/\W/g, '_')}`;
      const res = await as('POST', '/decision-definitions', dmnDocument(literalDecision(decisionId, '"ok"')), contentType);
      expect(res.statusCode).toBe(201);
      expect(res.result).toMatchObject({ created: true, decisions: [{ decisionId, version: 1 }] });
    });

    it('still takes JSON, keeps a byte order mark out of the parser, and refuses types the route does not document', async () => {
      const { xml } = incidentProcess('xml_json');
      expect((await as('POST', '/process-definitions/validate', { xml })).statusCode).toBe(200);
      expect((await as('POST', '/process-definitions/validate', `\uFEFF${xml}`, 'application/xml')).result).toMatchObject({ valid: true });
      expect((await as('POST', '/process-definitions', xml, 'application/dmn+xml')).statusCode).toBe(415);
      expect((await as('POST', '/decision-definitions', dmnDocument(literalDecision('x', '1')), 'application/bpmn+xml')).statusCode).toBe(
        415,
      );
      const broken = await as('POST', '/process-definitions', '{"xml": ', 'application/json');
      expect(broken.statusCode).toBe(400);
      expect(broken.result).toMatchObject({ details: [{ field: 'payload' }] });
    });
  });

  describe('element limits', () => {
    it('refuses a 100,000-element diagram on every BPMN route with 413 naming the count and the limit, before any compile runs', async () => {
      const base = await as('POST', '/process-definitions', { xml: incidentProcess('diff_base').xml });
      expect(base.statusCode).toBe(201);
      const processId = `too_big_${tag}`;
      const xml = overLimitDiagram(processId);
      expect(Buffer.byteLength(xml)).toBeLessThan(2 * 1024 * 1024);
      const before = compiles().completed;
      const message = `the diagram has 100000 flow elements; the limit is ${MAX_FLOW_ELEMENTS}`;
      for (const [url, body] of [
        ['/process-definitions', xml],
        ['/process-definitions/validate', xml],
        ['/process-definitions/diff', { baseDefinitionId: (base.result as { id: string }).id, xml }],
      ] as const) {
        const res = typeof body === 'string' ? await as('POST', url, body, 'application/xml') : await as('POST', url, body);
        expect({ url, status: res.statusCode }).toEqual({ url, status: 413 });
        expect(res.result).toMatchObject({ code: 'TOO_MANY_ELEMENTS', message, details: [{ code: 'TOO_MANY_ELEMENTS', message }] });
      }
      expect(compiles().completed).toBe(before);
      expect(await system.adminEm().count(ProcessDefinition, { processId })).toBe(0);
    });

    it('refuses a decision file over the DMN element limit with 413 before any compile runs', async () => {
      const decisions = Math.floor(MAX_DMN_ELEMENTS / 3) + 1;
      const xml = dmnDocument(Array.from({ length: decisions }, (_, i) => literalDecision(`big_${tag}_${i}`, '1')).join(''));
      const before = compiles().completed;
      const res = await as('POST', '/decision-definitions', { xml });
      expect(res.statusCode).toBe(413);
      expect(res.result).toMatchObject({
        code: 'TOO_MANY_ELEMENTS',
        message: `the document has ${decisions * 3 + 1} DMN elements; the limit is ${MAX_DMN_ELEMENTS}`,
      });
      expect(compiles().completed).toBe(before);
      expect(await system.adminEm().count(DecisionDefinition, { decisionId: `big_${tag}_0` })).toBe(0);
    });
  });

  describe('compiling off the event loop', () => {
    it('compiles near-limit uploads on worker threads (one, then four at once) while /health keeps answering', async () => {
      const diagrams = Array.from({ length: 5 }, (_, i) => nearLimitDiagram(`near_limit_${tag}_${i}`));
      // The same work on this thread, for scale: what a request would have waited behind.
      await compileProcess(diagrams[0]!);
      const started = performance.now();
      await compileProcess(diagrams[0]!);
      const onLoopMs = performance.now() - started;

      const before = compiles().completed;
      const probe = probeHealth();
      const one = await as('POST', '/process-definitions', diagrams[0]!, 'application/xml');
      const four = await Promise.all(diagrams.slice(1).map((xml) => as('POST', '/process-definitions', { xml })));
      const { longestWaitMs, probes, maxLoopDelayMs } = await probe.stop();

      expect([one, ...four].map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
      expect(compiles().completed).toBe(before + 5);
      expect(compiles().threadIds).not.toContain(threadId);
      console.log(
        `near-limit diagram (${MAX_FLOW_ELEMENTS - 1} flow elements): compile on this thread ${onLoopMs.toFixed(0)} ms; ` +
          `while 1 + 4 uploads compiled on workers, ${probes} GET /health answered, never more than ${longestWaitMs.toFixed(1)} ms apart ` +
          `(${((longestWaitMs / onLoopMs) * 100).toFixed(0)} % of one compile); event loop delay at most ${maxLoopDelayMs.toFixed(1)} ms`,
      );
    });

    it('validates, diffs and deploys decisions on worker threads too', async () => {
      const base = await as('POST', '/process-definitions', { xml: incidentProcess('diff_worker').xml });
      const xml = nearLimitDiagram(`near_limit_other_${tag}`);
      const rules = Array.from({ length: 1500 }, (_, i): [string[], string[]] => [[`"${i}"`, '> 1', '-'], [`"out${i}"`]]);
      const dmn = dmnDocument(decisionTable({ id: `table_${tag}`, hitPolicy: 'FIRST', inputs: ['a', 'b', 'c'], outputs: ['x'], rules }));
      const before = compiles().completed;

      expect((await as('POST', '/process-definitions/validate', { xml })).result).toMatchObject({ valid: true });
      const diff = await as('POST', '/process-definitions/diff', { baseDefinitionId: (base.result as { id: string }).id, xml });
      expect(diff.statusCode).toBe(200);
      expect((await as('POST', '/decision-definitions', dmn, 'application/dmn+xml')).statusCode).toBe(201);

      expect(compiles().completed).toBe(before + 3);
      expect(compiles().threadIds).not.toContain(threadId);
    });
  });

  /**
   * GET /health back to back: any stall of the event loop shows as a long wait between two answers.
   * And the loop's own delay, as Node measures it.
   */
  function probeHealth() {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    let running = true;
    let longestWaitMs = 0;
    let probes = 0;
    const loop = (async () => {
      let previous = performance.now();
      while (running) {
        const res = await system.server.inject({ method: 'GET', url: '/health' });
        if (res.statusCode !== 200) throw new Error(`/health answered ${res.statusCode}`);
        const now = performance.now();
        longestWaitMs = Math.max(longestWaitMs, now - previous);
        previous = now;
        probes++;
        // An injected GET can finish within microtasks; yield so timers and I/O (the uploads) get their turn.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    return {
      async stop() {
        running = false;
        await loop;
        delay.disable();
        return { longestWaitMs, probes, maxLoopDelayMs: delay.max / 1e6 };
      },
    };
  }
});
