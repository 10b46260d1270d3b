import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import type { MailSystem } from '../../service-catalog/mail/mail-system';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import { recordHistoryIfAsked } from '../support/record-history';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';
import { offerService } from '../support/services';

interface TicketView {
  number: string;
  state: string;
  assignmentGroup: string | null;
  resolutionCode: string | null;
  resolutionNotes: string | null;
}
interface ProblemView {
  number: string;
  state: string;
  assignmentGroup: string | null;
  analysis: { rootCause: string | null; workaround: string | null; workaroundPublishedAt: string | null } | null;
  incidents: Array<{ number: string; state: string; resolutionCode: string | null }>;
}

const ALWAYS_OPEN = {
  timeZone: 'UTC',
  weekly: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
};

/**
 * Problem management through the API on the shipped diagrams (under process ids of their own): a
 * problem opened from three incidents publishes its workaround to all three and resolves them with it;
 * trend detection opens exactly one problem for three incidents on one service.
 */
describe('problem management', () => {
  let system: TestSystem;
  let mail: MailSystem;
  const tag = randomUUID().slice(0, 8);
  const incidentProcess = `incident_pm_${tag}`;
  const problemProcess = `problem_pm_${tag}`;
  const service = `erp-${tag}`;

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: incidentProcess, problem: problemProcess } });
    await offerService(system, service);
    mail = system.mail;
    const as = (method: string, url: string, payload: object) => system.injectAs('marta', { method, url, payload });
    const dmn = readFileSync(repoFile('workflows/decisions/priority-matrix.dmn'), 'utf8');
    expect((await as('POST', '/decision-definitions', { xml: dmn })).statusCode).toBeLessThan(300);
    const calendar = await as('POST', '/business-calendars', { name: `Always ${tag}`, definition: ALWAYS_OPEN });
    const calendarId = (calendar.result as { id: string }).id;
    for (const priority of ['P1', 'P2', 'P3', 'P4', 'P5']) {
      const policy = { name: `${priority} ${service}`, priority, service, calendarId, responseTarget: 'PT2H', resolutionTarget: 'PT8H' };
      expect((await as('POST', '/sla-policies', policy)).statusCode).toBe(201);
    }
    for (const [file, id] of [
      ['incident', incidentProcess],
      ['problem', problemProcess],
    ] as const) {
      const xml = readFileSync(repoFile(`workflows/processes/${file}.bpmn`), 'utf8').replace(new RegExp(`"${file}"`, 'g'), `"${id}"`);
      const deployed = await as('POST', '/process-definitions', { xml });
      expect({ file, status: deployed.statusCode, body: deployed.statusCode === 201 ? null : deployed.result }).toEqual({
        file,
        status: 201,
        body: null,
      });
    }
  });
  afterAll(async () => {
    await system?.close();
  });

  const getTicket = async (number: string) =>
    (await system.injectAs('marta', { method: 'GET', url: `/tickets/${number}` })).result as TicketView;
  const getProblem = async (number: string) =>
    (await system.injectAs('marta', { method: 'GET', url: `/problems/${number}` })).result as ProblemView;
  const inState = (number: string, state: string) =>
    eventually(async () => {
      const t = await getTicket(number);
      if (t.state !== state) throw new Error(`${number} is ${t.state}, not ${state}`);
      return t;
    }, 90_000);
  const raise = async (user: string, payload: object) => {
    const res = await system.injectAs(user, {
      method: 'POST',
      url: '/tickets',
      payload: { type: 'incident', description: 'details', ...payload },
    });
    expect(res.statusCode).toBe(201);
    return (res.result as TicketView).number;
  };
  const mailsAbout = (number: string, subject: RegExp) =>
    mail.sink!.messages.filter((m) => m.subject.includes(`[${number}]`) && subject.test(m.subject));
  const memberOf = (group: string | null) => (group === 'network' ? 'agne' : 'tomas');

  it('opens a problem from three incidents, publishes its workaround to all three and resolves them together', async () => {
    const incidents: string[] = [];
    for (const n of [1, 2, 3])
      incidents.push(
        await raise('rita', { title: `ERP posting fails ${n} ${tag}`, impact: 'low', urgency: 'medium', category: 'software', service }),
      );
    for (const number of incidents) await inState(number, 'in_progress');

    // Validated at the edge and in the domain: who, which field, which incident.
    const refused = await system.injectAs('tomas', {
      method: 'POST',
      url: '/problems',
      payload: { title: 'x', description: 'y', incidents: [incidents[0], 'INC9999999'] },
    });
    expect(refused.statusCode).toBe(400);
    expect((refused.result as { details: Array<{ field: string }> }).details[0]!.field).toBe('payload.incidents[1]');
    expect(
      (await system.injectAs('tomas', { method: 'POST', url: '/problems', payload: { title: 'x', description: 'y', incidents: [] } }))
        .statusCode,
    ).toBe(400);
    expect(
      (await system.injectAs('rita', { method: 'POST', url: '/problems', payload: { title: 'x', description: 'y', incidents } }))
        .statusCode,
    ).toBe(403);

    const opened = await system.injectAs('tomas', {
      method: 'POST',
      url: '/problems',
      payload: { title: `ERP postings fail ${tag}`, description: 'Three callers cannot post invoices.', incidents: incidents.slice(0, 2) },
    });
    expect(opened.statusCode).toBe(201);
    const number = (opened.result as ProblemView).number;
    expect(number).toMatch(/^PRB\d{7}$/);
    const linked = await system.injectAs('tomas', {
      method: 'POST',
      url: `/problems/${number}/incidents`,
      payload: { incidents: [incidents[2]] },
    });
    expect(linked.statusCode).toBe(200);
    expect((linked.result as ProblemView).incidents.map((i) => i.number)).toEqual(incidents);

    const routed = await inState(number, 'in_progress');
    const agent = memberOf(routed.assignmentGroup);

    // The workaround reaches every incident as a public reply, mailed to the caller once each.
    const workaround = `Post the invoice from the batch screen ${tag}`;
    expect(
      (await system.injectAs(agent, { method: 'POST', url: `/problems/${number}/workaround`, payload: { workaround } })).statusCode,
    ).toBe(202);
    await eventually(async () => expect((await getProblem(number)).analysis?.workaroundPublishedAt).not.toBeNull(), 90_000);
    for (const incident of incidents) {
      const entries = (await system.injectAs('rita', { method: 'GET', url: `/tickets/${incident}/entries` })).result as {
        items: Array<{ kind: string; body: string }>;
      };
      expect(entries.items.filter((e) => e.kind === 'reply' && e.body.includes(workaround))).toHaveLength(1);
      const mails = mailsAbout(incident, /^Re: /).filter((m) => m.text.includes(workaround));
      expect(mails.map((m) => m.to)).toEqual([expect.stringContaining('rita@baltic-retail.example')]);
    }

    // Root cause: the problem is a known error the desk finds.
    const analysed = await system.injectAs(agent, {
      method: 'POST',
      url: `/problems/${number}/analysis`,
      payload: { rootCause: `Posting queue ${tag} stalls after the nightly export`, symptoms: 'Invoices stay in draft.' },
    });
    expect(analysed.statusCode).toBe(200);
    await inState(number, 'known_error');
    const found = (await system.injectAs('tomas', { method: 'GET', url: `/known-errors?q=${encodeURIComponent(`queue ${tag}`)}` }))
      .result as {
      items: Array<{ problemNumber: string; workaround: string }>;
    };
    expect(found.items).toEqual([expect.objectContaining({ problemNumber: number, workaround })]);
    expect((await system.injectAs('rita', { method: 'GET', url: '/known-errors' })).statusCode).toBe(403);

    // Resolving the problem resolves its open incidents, each through its own process.
    const resolved = await system.injectAs(agent, {
      method: 'POST',
      url: `/tickets/${number}/actions/resolve`,
      payload: { resolutionCode: 'solved', resolutionNotes: 'Export job moved off the posting window.' },
    });
    expect(resolved.statusCode).toBe(200);
    await inState(number, 'closed');
    for (const incident of incidents) {
      const t = await inState(incident, 'resolved');
      expect(t.resolutionCode).toBe('solved');
      expect(t.resolutionNotes).toContain(number);
      await eventually(() => expect(mailsAbout(incident, /Resolved:/)).toHaveLength(1), 90_000);
    }
    const problemRow = await system.adminEm().findOneOrFail(Ticket, { number });
    const trail = (await system.adminEm().find(AuditLog, { entity: 'Ticket', entityId: problemRow.id })).map((a) => a.action);
    expect(trail).toEqual(
      expect.arrayContaining([
        'ticket.created',
        'problem.opened',
        'problem.workaroundPublished',
        'problem.analysed',
        'ticket.action.resolve',
      ]),
    );

    await system.client.workflow.getHandle(problemRow.processInstanceId!).result();
    await recordHistoryIfAsked(system, problemRow.processInstanceId!, 'problem_lifecycle');
  });

  it('opens exactly one problem for a trend of incidents on one service', async () => {
    const trendService = `wms-${tag}`;
    await offerService(system, trendService);
    const incidents: string[] = [];
    for (const n of [1, 2, 3])
      incidents.push(
        await raise('rita', { title: `Scanner ${n} ${tag}`, impact: 'low', urgency: 'low', category: 'hardware', service: trendService }),
      );
    const trendProcess = `problem_trend_${tag}`;
    // Checks two seconds apart: the first opens the problem, the later ones find its incidents explained.
    const xml = readFileSync(repoFile('workflows/processes/problem-trend.bpmn'), 'utf8')
      .replace(/"problem-trend"/g, `"${trendProcess}"`)
      .replace('R/PT15M', 'R4/PT2S');
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
    const checks = await eventually(async () => {
      const list = (await system.injectAs('marta', { method: 'GET', url: `/process-instances?processId=${trendProcess}&status=COMPLETED` }))
        .result as { total: number; items: Array<{ id: string; startedAt: string }> };
      expect(list.total).toBeGreaterThanOrEqual(3);
      return list.items;
    }, 90_000);
    const problems = new Set<string>();
    for (const incident of incidents) {
      const links = (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${incident}/links` })).result as {
        items: Array<{ kind: string; number: string }>;
      };
      for (const l of links.items.filter((x) => x.kind === 'caused_by')) problems.add(l.number);
    }
    expect(problems.size).toBe(1);
    const [number] = [...problems];
    expect((await getProblem(number!)).incidents.map((i) => i.number).sort()).toEqual([...incidents].sort());
    // The first check, the one that opened the problem, is the shipped trend diagram's recorded history.
    const first = [...checks].sort((a, b) => a.startedAt.localeCompare(b.startedAt))[0]!;
    await recordHistoryIfAsked(system, first.id, 'problem_trend_opened');
  });
});
