import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { TicketAttachment } from '../../service-catalog/attachments/domain/ticket-attachment.entity';
import { eventually } from '../support/eventually';
import { multipart } from '../support/multipart';
import { TestSystem } from '../support/test-system';

type Body = Record<string, any>;

/** Issue 14, uploads: a per-user quota over everything a user has attached, refused with 413 naming it. */
describe('per-user attachment quota', () => {
  let system: TestSystem;
  const QUOTA = 2500;
  beforeAll(async () => {
    system = await TestSystem.start({ attachmentQuotaBytes: QUOTA, ticketProcessIds: { incident: `none_quota_${randomUUID().slice(0, 8)}` } });
  });
  afterAll(async () => {
    await system?.close();
  });

  it('takes uploads up to the quota, refuses the one over it with 413 naming the quota, and keeps nothing of it', async () => {
    const orgs = (await system.injectAs('admin', { method: 'GET', url: '/organizations' })).result as { items: Body[] };
    const baltic = orgs.items.find((o) => o.name === 'Baltic Retail UAB')!;
    const username = `quota-${randomUUID().slice(0, 8)}`;
    const password = 'quota-user-pass-1';
    const created = await system.injectAs('admin', { method: 'POST', url: '/users', payload: { username, displayName: 'Quota user', password, roles: ['requester'], organizationId: baltic.id } });
    expect(created.statusCode).toBe(201);
    const userId = (created.result as Body).id;
    const token = await system.tokenFor(username, password);
    const as = (options: object) => system.server.inject({ ...(options as { method: string; url: string }), headers: { ...((options as { headers?: object }).headers ?? {}), authorization: `Bearer ${token}` } });
    const raised = await as({ method: 'POST', url: '/tickets', payload: { title: 'Quota ticket' } });
    expect(raised.statusCode).toBe(201);
    const number = (raised.result as Body).number;
    const upload = (i: number) => {
      const body = multipart([{ name: 'file', filename: `notes-${i}.txt`, contentType: 'text/plain', content: `${i}`.repeat(1000).slice(0, 1000) }]);
      return as({ method: 'POST', url: `/tickets/${number}/attachments`, payload: body.payload, headers: body.headers });
    };

    expect((await upload(1)).statusCode).toBe(201);
    expect((await upload(2)).statusCode).toBe(201);
    const over = await upload(3);
    expect(over.statusCode).toBe(413);
    expect(over.result).toMatchObject({ statusCode: 413, code: 'ATTACHMENT_QUOTA_EXCEEDED', details: [{ field: 'payload.file' }] });
    expect((over.result as Body).message).toBe('notes-3.txt (1000 bytes) would take your attachments to 2.9 KB, over your quota of 2.4 KB (2 KB used); remove attachments or ask an administrator');

    const rows = await system.adminEm().find(TicketAttachment, { uploadedById: userId });
    expect(rows.map((r) => r.filename).sort()).toEqual(['notes-1.txt', 'notes-2.txt']);
    await eventually(() => expect(readdirSync(system.attachments.store.tmpDir)).toEqual([]));

    // The quota is the user's own: another requester of the same customer (new, so no other test's uploads count) still uploads.
    const other = `quota-${randomUUID().slice(0, 8)}`;
    expect((await system.injectAs('admin', { method: 'POST', url: '/users', payload: { username: other, displayName: 'Other quota user', password, roles: ['requester'], organizationId: baltic.id } })).statusCode).toBe(201);
    const otherToken = await system.tokenFor(other, password);
    const asOther = (options: object) => system.server.inject({ ...(options as { method: string; url: string }), headers: { ...((options as { headers?: object }).headers ?? {}), authorization: `Bearer ${otherToken}` } });
    const otherTicket = await asOther({ method: 'POST', url: '/tickets', payload: { title: 'Under no quota pressure' } });
    expect(otherTicket.statusCode).toBe(201);
    const file = multipart([{ name: 'file', filename: 'other.txt', contentType: 'text/plain', content: 'x'.repeat(1000) }]);
    expect((await asOther({ method: 'POST', url: `/tickets/${(otherTicket.result as Body).number}/attachments`, payload: file.payload, headers: file.headers })).statusCode).toBe(201);
  });
});
