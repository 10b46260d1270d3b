import { TestSystem } from '../support/test-system';
import { eventually } from '../support/eventually';
import { incidentProcess } from '../support/fixtures';

interface Heard {
  event: string;
  data: { kind?: string; ticketId?: string; number?: string | null; processInstanceId?: string };
}

/** An open `GET /live/tickets` stream of one user on one node, collecting what it hears. */
class Listener {
  readonly heard: Heard[] = [];
  contentType: string | null = null;
  private constructor(
    readonly status: number,
    private readonly abort: AbortController,
  ) {}

  static async open(system: TestSystem, username: string): Promise<Listener> {
    const token = await system.tokenFor(username);
    const abort = new AbortController();
    const res = await fetch(`${system.url}/live/tickets`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
    const listener = new Listener(res.status, abort);
    if (res.ok && res.body) void listener.read(res.body, res.headers.get('content-type'));
    return listener;
  }

  private async read(body: ReadableStream<Uint8Array>, contentType: string | null): Promise<void> {
    this.contentType = contentType;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (event && data) this.heard.push({ event, data: JSON.parse(data) as Heard['data'] });
        }
      }
    } catch {
      // aborted by close()
    }
  }

  about(number: string): Heard[] {
    return this.heard.filter((h) => h.data.number === number);
  }

  close(): void {
    this.abort.abort();
  }
}

/**
 * Live updates (issue 23): the desk and the portal hear of changes instead of polling. Two API nodes share
 * one database: a change made through one is heard by streams on the other (PostgreSQL LISTEN/NOTIFY),
 * and only by those who may read the ticket; internal notes only by staff.
 */
describe('live ticket updates', () => {
  let nodeA: TestSystem;
  let nodeB: TestSystem;
  const listeners: Listener[] = [];
  // Incidents run the small triage process, so a ticket's process opens a task the page must hear of.
  const triage = incidentProcess('live');
  beforeAll(async () => {
    const processes = { incident: triage.processId } as const;
    nodeA = await TestSystem.start({ listen: true, ticketProcessIds: processes });
    nodeB = await TestSystem.start({ listen: true, ticketProcessIds: processes });
    const deployed = await nodeA.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml: triage.xml } });
    expect(deployed.statusCode).toBe(201);
  });
  afterAll(async () => {
    listeners.forEach((l) => l.close());
    await nodeA?.close();
    await nodeB?.close();
  });

  const open = async (system: TestSystem, username: string) => {
    const l = await Listener.open(system, username);
    listeners.push(l);
    return l;
  };

  it('tells a change made on one node to the streams of another, to those who may read it only', async () => {
    const tomasOnA = await open(nodeA, 'tomas'); // serves Baltic and Nordic
    const ritaOnA = await open(nodeA, 'rita'); // Baltic requester
    const erikOnA = await open(nodeA, 'erik'); // Nordic requester
    const nilsOnA = await open(nodeA, 'nils'); // serves Nordic only
    expect([tomasOnA.status, ritaOnA.status, erikOnA.status, nilsOnA.status]).toEqual([200, 200, 200, 200]);
    expect(tomasOnA.contentType).toMatch(/^text\/event-stream/);

    const created = await nodeB.injectAs('rita', { method: 'POST', url: '/tickets', payload: { title: 'Till printer jams' } });
    expect(created.statusCode).toBe(201);
    const { number, id } = created.result as { number: string; id: string };
    const { processInstanceId } = (await nodeB.injectAs('tomas', { method: 'GET', url: `/tickets/${number}` })).result as {
      processInstanceId: string;
    };
    expect(processInstanceId).toBeTruthy();

    await eventually(() => expect(tomasOnA.about(number).length).toBeGreaterThan(0), 10_000);
    await eventually(() => expect(ritaOnA.about(number).length).toBeGreaterThan(0), 10_000);

    // A reply and an internal note on the ticket, through node B again.
    expect(
      (await nodeB.injectAs('tomas', { method: 'POST', url: `/tickets/${number}/entries`, payload: { kind: 'note', body: 'Cable?' } }))
        .statusCode,
    ).toBe(201);
    expect(
      (await nodeB.injectAs('rita', { method: 'POST', url: `/tickets/${number}/entries`, payload: { body: 'Still jams.' } })).statusCode,
    ).toBe(201);
    const entries = (l: Listener) => l.heard.filter((h) => h.data.ticketId === id && h.data.kind !== 'ticket').map((h) => h.data.kind);
    await eventually(() => expect(entries(tomasOnA)).toEqual(['note', 'reply']), 10_000);
    await eventually(() => expect(entries(ritaOnA)).toEqual(['reply']), 10_000);

    // Its process opened the triage task: the ticket page hears of the instance.
    const moved = (l: Listener) => l.heard.filter((h) => h.data.kind === 'process' && h.data.processInstanceId === processInstanceId);
    await eventually(() => expect(moved(tomasOnA).length).toBeGreaterThan(0), 10_000);

    // Another customer's requester and an agent who does not serve Baltic heard nothing of it.
    expect(erikOnA.heard.filter((h) => h.data.ticketId === id)).toEqual([]);
    expect(nilsOnA.heard.filter((h) => h.data.ticketId === id)).toEqual([]);
    expect(moved(erikOnA)).toEqual([]);
    expect(moved(nilsOnA)).toEqual([]);
    // Events name the ticket, never its content.
    for (const h of tomasOnA.heard.filter((x) => x.data.ticketId === id))
      expect(Object.keys(h.data).sort()).toEqual(['kind', 'number', 'ticketId']);
  });

  it('refuses a stream without a valid token', async () => {
    const res = await fetch(`${nodeA.url}/live/tickets`, { headers: { authorization: 'Bearer forged' } });
    expect(res.status).toBe(401);
    await res.body?.cancel();
  });
});
