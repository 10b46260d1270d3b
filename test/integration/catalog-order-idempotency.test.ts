import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerInjectResponse } from '@hapi/hapi';
import { CatalogRequest } from '../../service-catalog/catalog/domain/catalog.entities';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import type { Body } from '../support/json-body';
import { TestSystem } from '../support/test-system';

const shipped = readFileSync(join(__dirname, '../../workflows/processes/service-request.bpmn'), 'utf8');

/**
 * Issue 18: a catalog order sent with an `Idempotency-Key` is placed once. A retry with the same key
 * and body answers with the first order (200) and raises no second request; the same key with other
 * answers is refused (422 naming the header); keys are each requester's own.
 */
describe('catalog orders with an Idempotency-Key', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const processId = `service_request_idem_${tag}`;
  let itemId = '';
  const order = (who: string, key: string | undefined, answers: object) =>
    system.injectAs(who, {
      method: 'POST',
      url: `/catalog/items/${itemId}/requests`,
      payload: { answers },
      ...(key ? { headers: { 'idempotency-key': key } } : {}),
    });
  const ok = (res: ServerInjectResponse, status: number): Body => {
    if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.payload.slice(0, 600)}`);
    return res.result as Body;
  };
  const ordersOfItem = async () => system.adminEm().count(CatalogRequest, { catalogItemId: itemId });
  const ticketsOfItem = async () => system.adminEm().count(Ticket, { title: `Headset ${tag}` });

  beforeAll(async () => {
    system = await TestSystem.start();
    const deployed = await system.injectAs('marta', {
      method: 'POST',
      url: '/process-definitions',
      payload: { xml: shipped.replace(/"service-request"/g, `"${processId}"`) },
    });
    expect([200, 201]).toContain(deployed.statusCode);
    const category = ok(
      await system.injectAs('marta', { method: 'POST', url: '/catalog/categories', payload: { name: `Audio ${tag}` } }),
      201,
    );
    itemId = ok(
      await system.injectAs('marta', {
        method: 'POST',
        url: '/catalog/items',
        payload: {
          categoryId: category.id,
          name: `Headset ${tag}`,
          description: 'A headset',
          formSchema: {
            type: 'default',
            components: [{ type: 'number', key: 'quantity', label: 'How many', validate: { required: true } }],
          },
          approvalPolicy: { kind: 'none' },
          processId,
        },
      }),
      201,
    ).id;
  });
  afterAll(async () => {
    await system?.close();
  });

  it('answers a retry with the first order and never raises a second request', async () => {
    const key = `order-${tag}`;
    const first = ok(await order('rita', key, { quantity: 2 }), 201);
    const again = ok(await order('rita', key, { quantity: 2 }), 200);
    const same = (o: Body) => [o.id, o.ticketNumber, o.answers, o.createdAt];
    expect(same(again)).toEqual(same(first));
    expect(await ordersOfItem()).toBe(1);
    expect(await ticketsOfItem()).toBe(1);

    // The same key with other answers: refused, naming the header; nothing new is written.
    const other = await order('rita', key, { quantity: 3 });
    expect(other.statusCode).toBe(422);
    expect(other.result).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      details: [{ field: 'headers.idempotency-key', message: expect.stringContaining('use a new key') }],
    });
    expect(await ordersOfItem()).toBe(1);

    // Keys are each requester's own: a colleague's order with the same key is a new order.
    ok(await order('paulius', key, { quantity: 2 }), 201);
    expect(await ordersOfItem()).toBe(2);
    // Without a key every order is a new one.
    ok(await order('rita', undefined, { quantity: 2 }), 201);
    expect(await ordersOfItem()).toBe(3);
  });

  it('places one order when two attempts with the same key race', async () => {
    const key = `race-${tag}`;
    const before = await ordersOfItem();
    const [a, b] = await Promise.all([order('rita', key, { quantity: 1 }), order('rita', key, { quantity: 1 })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    const same = (o: Body) => [o.id, o.ticketNumber, o.createdAt];
    expect(same(a.result as Body)).toEqual(same(b.result as Body));
    expect(await ordersOfItem()).toBe(before + 1);
  });
});
