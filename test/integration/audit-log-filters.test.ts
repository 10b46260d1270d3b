import { randomUUID } from 'node:crypto';
import { TestSystem } from '../support/test-system';

interface Entry {
  action: string;
  entity: string;
  entityId: string;
  actorName: string;
  at: string;
}

/** The audit log screen's filters: action and a period combine with actor and entity on the API. */
describe('audit log filters', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  let groupId: string;
  let createdAt: string;
  const list = async (query: string) => {
    const res = await system.injectAs('admin', { method: 'GET', url: `/audit-log?${query}` });
    return { status: res.statusCode, result: res.result as { items: Entry[]; total: number; details?: Array<{ field?: string }> } };
  };

  beforeAll(async () => {
    system = await TestSystem.start();
    const created = await system.injectAs('admin', {
      method: 'POST',
      url: '/groups',
      payload: { key: `audit-${tag}`, name: `Audit ${tag}` },
    });
    expect(created.statusCode).toBe(201);
    groupId = (created.result as { id: string }).id;
    const renamed = await system.injectAs('admin', { method: 'PATCH', url: `/groups/audit-${tag}`, payload: { name: `Audited ${tag}` } });
    expect(renamed.statusCode).toBe(200);
    createdAt = (await list(`entityId=${groupId}&action=group.created`)).result.items[0]!.at;
  });
  afterAll(async () => {
    await system?.close();
  });

  it('narrows by action', async () => {
    const { result } = await list(`entityId=${groupId}&action=group.updated`);
    expect(result.items.map((e) => e.action)).toEqual(['group.updated']);
    expect(result.total).toBe(1);
  });

  it('narrows by a period, both ends inclusive', async () => {
    const before = new Date(Date.parse(createdAt) - 1).toISOString();
    const inside = await list(`entityId=${groupId}&from=${encodeURIComponent(createdAt)}&to=${encodeURIComponent(createdAt)}`);
    expect(inside.result.items.map((e) => e.action)).toContain('group.created');
    const earlier = await list(`entityId=${groupId}&to=${encodeURIComponent(before)}`);
    expect({ createdAt, before, earlier: earlier.result.items.map((e) => [e.action, e.at]) }).toEqual({ createdAt, before, earlier: [] });
    const later = await list(`entityId=${groupId}&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(later.result.total).toBe(0);
  });

  it('refuses a period that ends before it starts, naming "to"', async () => {
    const { status, result } = await list(`from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z`);
    expect(status).toBe(400);
    expect(result.details).toEqual([{ field: 'query.to', message: '"to" must not be before "from"' }]);
  });

  it('refuses a date that is not one, naming the field', async () => {
    const { status, result } = await list('from=yesterday');
    expect(status).toBe(400);
    expect(JSON.stringify(result)).toContain('from');
  });
});
