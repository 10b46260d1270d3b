import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { MailSystem } from '../../service-catalog/mail/mail-system';
import { eventually } from '../support/eventually';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';
import { offerService } from '../support/services';

const ALWAYS_OPEN = {
  timeZone: 'UTC',
  weekly: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
};

/**
 * The P1 branch of the shipped incident diagram pages whoever is on call for the major-incident group
 * (here a group of the test's own): the weekly rota's person, or the person an override puts on call
 * for this moment — never the whole group while someone is on call.
 */
describe('on-call rota', () => {
  let system: TestSystem;
  let mail: MailSystem;
  const tag = randomUUID().slice(0, 8);
  const processId = `incident_oncall_${tag}`;
  const group = `major-${tag}`;
  const service = `core-${tag}`;
  const people: Record<'rota' | 'cover' | 'other', { id: string; email: string }> = {} as never;

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: processId } });
    await offerService(system, service);
    mail = system.mail;
    const admin = (method: string, url: string, payload?: object) =>
      system.injectAs('admin', { method, url, ...(payload ? { payload } : {}) });
    const created = await admin('POST', '/groups', { key: group, name: `Major incidents ${tag}` });
    expect(created.statusCode).toBe(201);
    const groupId = (created.result as { id: string }).id;
    for (const who of ['rota', 'cover', 'other'] as const) {
      const email = `${who}-${tag}@example.test`;
      const user = await admin('POST', '/users', {
        username: `${who}-${tag}`,
        displayName: `${who} ${tag}`,
        email,
        password: 'a-long-test-password',
        roles: ['agent'],
        groupIds: who === 'other' ? [] : [groupId],
      });
      expect(user.statusCode).toBe(201);
      people[who] = { id: (user.result as { id: string }).id, email };
    }
    const as = (method: string, url: string, payload: object) => system.injectAs('marta', { method, url, payload });
    const dmn = readFileSync(repoFile('workflows/decisions/priority-matrix.dmn'), 'utf8');
    expect((await as('POST', '/decision-definitions', { xml: dmn })).statusCode).toBeLessThan(300);
    const calendarId = (
      (await as('POST', '/business-calendars', { name: `Always ${tag}`, definition: ALWAYS_OPEN })).result as { id: string }
    ).id;
    const policy = { name: `P1 ${service}`, priority: 'P1', service, calendarId, responseTarget: 'PT1H', resolutionTarget: 'PT4H' };
    expect((await as('POST', '/sla-policies', policy)).statusCode).toBe(201);
    const xml = readFileSync(repoFile('workflows/processes/incident.bpmn'), 'utf8')
      .replace(/"incident"/g, `"${processId}"`)
      .replace('value="on-call:major-incident"', `value="on-call:${group}"`);
    expect(xml).toContain(`on-call:${group}`);
    expect((await as('POST', '/process-definitions', { xml })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await system?.close();
  });

  const majorMails = (number: string) =>
    mail.sink!.messages.filter((m) => m.subject.includes(`[${number}]`) && /Major incident/.test(m.subject));
  const raiseP1 = async (title: string) => {
    const res = await system.injectAs('tomas', {
      method: 'POST',
      url: '/tickets',
      payload: { type: 'incident', title, description: 'down', impact: 'high', urgency: 'high', category: 'software', service },
    });
    expect(res.statusCode).toBe(201);
    return (res.result as { number: string }).number;
  };

  it('pages the person on call of the moment: the rota, then an override', async () => {
    const rota = {
      timeZone: 'Europe/Vilnius',
      shifts: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ userId: people.rota.id, weekday, start: '00:00', end: '24:00' })),
    };
    // Only members of the group are put on call, and only process owners and admins change the rota.
    const stranger = await system.injectAs('admin', {
      method: 'PUT',
      url: `/groups/${group}/on-call/rota`,
      payload: { ...rota, shifts: [{ ...rota.shifts[0], userId: people.other.id }] },
    });
    expect(stranger.statusCode).toBe(400);
    expect((stranger.result as { details: Array<{ field: string }> }).details[0]!.field).toBe('payload.shifts[0].userId');
    expect((await system.injectAs('tomas', { method: 'PUT', url: `/groups/${group}/on-call/rota`, payload: rota })).statusCode).toBe(403);
    const set = await system.injectAs('marta', { method: 'PUT', url: `/groups/${group}/on-call/rota`, payload: rota });
    expect(set.statusCode).toBe(200);
    expect(set.result).toMatchObject({ onCall: { id: people.rota.id }, source: 'rota' });

    const first = await raiseP1(`Core banking down ${tag}`);
    const paged = await eventually(() => {
      const found = majorMails(first);
      expect(found).toHaveLength(1);
      return found[0]!;
    }, 90_000);
    expect(paged.to).toContain(people.rota.email);
    expect(paged.to).not.toContain(people.cover.email);

    // Cover for the next hour: the override wins over the rota.
    const now = Date.now();
    const covered = await system.injectAs('marta', {
      method: 'POST',
      url: `/groups/${group}/on-call/overrides`,
      payload: {
        userId: people.cover.id,
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        reason: 'swap',
      },
    });
    expect(covered.statusCode).toBe(201);
    expect(covered.result).toMatchObject({ onCall: { id: people.cover.id }, source: 'override' });
    const second = await raiseP1(`Payments down ${tag}`);
    const pagedAgain = await eventually(() => {
      const found = majorMails(second);
      expect(found).toHaveLength(1);
      return found[0]!;
    }, 90_000);
    expect(pagedAgain.to).toContain(people.cover.email);
    expect(pagedAgain.to).not.toContain(people.rota.email);
  });
});
