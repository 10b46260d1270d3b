import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { AttachmentService } from '../../service-catalog/attachments/domain/attachment-service';
import { TicketAttachment } from '../../service-catalog/attachments/domain/ticket-attachment.entity';
import type { Principal } from '../../service-catalog/identity/domain/principal';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import { JPEG_BYTES, multipart, PNG_BYTES, type FormPart } from '../support/multipart';
import { TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';
/** Files on tickets: vetted on the way in, stored whole or not at all, offered back only as downloads to those who may see the ticket. */
describe('ticket attachments', () => {
  let system: TestSystem;
  let ritaTicket: string;
  const MB = 1024 * 1024;

  beforeAll(async () => {
    // Incidents here run no diagram: a process of another test file would otherwise mail about them too.
    system = await TestSystem.start({ ticketProcessIds: { incident: `none_${randomUUID().slice(0, 8)}` } });
    const created = await system.injectAs('rita', {
      method: 'POST',
      url: '/tickets',
      payload: { title: 'Receipt printer prints garbage', description: 'see photo' },
    });
    expect(created.statusCode).toBe(201);
    ritaTicket = (created.result as Body).number;
  });
  afterAll(async () => {
    await system?.close();
  });

  const upload = (user: string, number: string, parts: FormPart[]) =>
    system.injectAs(user, { method: 'POST', url: `/tickets/${number}/attachments`, ...multipart(parts) });
  const file = (filename: string, contentType: string | undefined, content: Buffer | string): FormPart => ({
    name: 'file',
    filename,
    ...(contentType ? { contentType } : {}),
    content,
  });
  const rowsOf = async (number: string) => {
    const em = system.adminEm();
    const ticket = await em.findOneOrFail(Ticket, { number });
    return em.find(TicketAttachment, { ticketId: ticket.id });
  };
  const store = () => system.attachments.store;
  const noTemporaryFiles = () => eventually(() => expect(readdirSync(store().tmpDir)).toEqual([]));

  it('takes an image from the requester, lists it and offers it back as a download with its checked type', async () => {
    const res = await upload('rita', ritaTicket, [file('C:\\Users\\rita\\Desktop\\printer: jam?.png', 'image/png', PNG_BYTES)]);
    expect(res.statusCode).toBe(201);
    const created = res.result as Body;
    // The image is kept as written anew (see 'keeps images without their metadata'): its own size and hash.
    const stored = readFileSync(store().pathOf(`${created.sha256.slice(0, 2)}/${created.sha256}`));
    const sha256 = createHash('sha256').update(stored).digest('hex');
    expect(created).toMatchObject({
      ticketNumber: ritaTicket,
      filename: 'printer_ jam_.png',
      contentType: 'image/png',
      size: stored.length,
      sha256,
      entryId: null,
      uploadedByName: 'Rita (Baltic Retail)',
    });
    expect(created.downloadUrl).toBe(`/tickets/${ritaTicket}/attachments/${created.id}`);
    expect(await sharp(stored).metadata()).toMatchObject({ format: 'png', width: 2, height: 2 });
    // Nothing left in the temporary folder.
    await noTemporaryFiles();

    const listed = await system.injectAs('tomas', { method: 'GET', url: `/tickets/${ritaTicket}/attachments` });
    expect(listed.statusCode).toBe(200);
    expect((listed.result as Body).items).toEqual([created]);

    const download = await system.injectAs('rita', { method: 'GET', url: created.downloadUrl });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload).toEqual(stored);
    expect(download.headers['content-type']).toMatch(/^image\/png/);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="printer_ jam_.png"; filename*=UTF-8''printer_%20jam_.png`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(download.headers['content-length'])).toBe(stored.length);

    const ticket = await system.adminEm().findOneOrFail(Ticket, { number: ritaTicket });
    const audit = await system.adminEm().findOneOrFail(AuditLog, { entityId: ticket.id, action: 'ticket.attachment.added' });
    expect(audit).toMatchObject({ actorName: 'rita', after: { attachmentId: created.id, filename: 'printer_ jam_.png', sha256 } });
  });

  it('recognises a .log the browser could only call application/octet-stream, and stores the same bytes once', async () => {
    const log = Buffer.from('2026-11-23 08:00 printer: paper jam\n');
    const first = await upload('tomas', ritaTicket, [file('../../var/log/printer.log', 'application/octet-stream', log)]);
    expect(first.statusCode).toBe(201);
    expect(first.result).toMatchObject({
      filename: 'printer.log',
      contentType: 'text/x-log',
      uploadedByName: 'Tomas (service desk agent)',
    });
    const again = await upload('tomas', ritaTicket, [file('printer-copy.txt', 'text/plain', log)]);
    expect(again.statusCode).toBe(201);
    const rows = (await rowsOf(ritaTicket)).filter((r) => r.sha256 === (first.result as Body).sha256);
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.storageKey)).size).toBe(1);
  });

  it('refuses a file over the size limit with 413, storing nothing', async () => {
    const before = (await rowsOf(ritaTicket)).length;
    const justOver = Buffer.concat([PNG_BYTES, Buffer.alloc(10 * MB + 1 - PNG_BYTES.length)]);
    const res = await upload('rita', ritaTicket, [file('huge.png', 'image/png', justOver)]);
    expect(res.statusCode).toBe(413);
    expect(res.result).toMatchObject({
      code: 'ATTACHMENT_TOO_LARGE',
      message: 'huge.png (10 MB) is larger than the 10 MB limit for attachments',
      details: [{ field: 'payload.file' }],
    });

    // Far over: hapi stops reading the body itself, and still says why.
    const farOver = await upload('rita', ritaTicket, [file('huger.png', 'image/png', Buffer.concat([PNG_BYTES, Buffer.alloc(11 * MB)]))]);
    expect(farOver.statusCode).toBe(413);
    expect(farOver.result).toMatchObject({
      code: 'ATTACHMENT_TOO_LARGE',
      message: 'the upload is larger than the 10 MB limit for attachments',
      details: [{ field: 'payload.file' }],
    });

    expect(await rowsOf(ritaTicket)).toHaveLength(before);
    await noTemporaryFiles();
  });

  it('refuses a type that is not accepted (415) and bytes that are not what the type says (422), naming the field', async () => {
    const before = (await rowsOf(ritaTicket)).length;
    const exe = await upload('rita', ritaTicket, [
      file('driver-fix.exe', 'application/x-msdownload', Buffer.from('MZ\x90\x00\x03\x00\x00\x00')),
    ]);
    expect(exe.statusCode).toBe(415);
    expect(exe.result).toMatchObject({
      code: 'ATTACHMENT_TYPE_NOT_ALLOWED',
      details: [{ field: 'payload.file', message: expect.stringContaining('application/x-msdownload are not accepted') }],
    });

    const html = await upload('rita', ritaTicket, [file('invoice.html', 'text/html', '<script>alert(1)</script>')]);
    expect(html.statusCode).toBe(415);

    const disguised = await upload('rita', ritaTicket, [file('photo.png', 'image/png', JPEG_BYTES)]);
    expect(disguised.statusCode).toBe(422);
    expect(disguised.result).toMatchObject({
      code: 'ATTACHMENT_CONTENT_MISMATCH',
      message: expect.stringContaining('photo.png: the file does not look like image/png'),
      details: [{ field: 'payload.file' }],
    });

    const binaryText = await upload('rita', ritaTicket, [
      file('notes.txt', 'text/plain', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00])),
    ]);
    expect(binaryText.statusCode).toBe(422);

    const empty = await upload('rita', ritaTicket, [file('empty.txt', 'text/plain', '')]);
    expect(empty.statusCode).toBe(400);
    expect(empty.result).toMatchObject({ code: 'EMPTY_ATTACHMENT', details: [{ field: 'payload.file' }] });

    expect(await rowsOf(ritaTicket)).toHaveLength(before);
    await noTemporaryFiles();
  });

  it('answers a request without a file part, or not multipart at all, with 4xx naming what is wrong', async () => {
    const noFile = await upload('rita', ritaTicket, [{ name: 'comment', content: 'forgot the file' }]);
    expect(noFile.statusCode).toBe(400);
    expect((noFile.result as Body).details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'payload.file' })]));

    const textField = await upload('rita', ritaTicket, [{ name: 'file', content: 'not a file' }]);
    expect(textField.statusCode).toBe(400);

    const json = await system.injectAs('rita', { method: 'POST', url: `/tickets/${ritaTicket}/attachments`, payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);

    const badEntry = await upload('rita', ritaTicket, [file('a.txt', 'text/plain', 'hello'), { name: 'entryId', content: 'not-a-uuid' }]);
    expect(badEntry.statusCode).toBe(400);
    expect((badEntry.result as Body).details).toEqual([expect.objectContaining({ field: 'payload.entryId' })]);
    await noTemporaryFiles();
  });

  it('is invisible to a requester of another organisation (404), who cannot add files either', async () => {
    const [attachment] = ((await system.injectAs('rita', { method: 'GET', url: `/tickets/${ritaTicket}/attachments` })).result as Body)
      .items;
    expect((await system.injectAs('erik', { method: 'GET', url: `/tickets/${ritaTicket}/attachments` })).statusCode).toBe(404);
    expect((await system.injectAs('erik', { method: 'GET', url: attachment.downloadUrl })).statusCode).toBe(404);
    expect((await upload('erik', ritaTicket, [file('x.png', 'image/png', PNG_BYTES)])).statusCode).toBe(404);

    // Not through a ticket of his own either: the attachment belongs to Rita's ticket.
    const erikTicket = (
      (await system.injectAs('erik', { method: 'POST', url: '/tickets', payload: { title: 'Forklift scanner offline' } })).result as Body
    ).number;
    expect((await system.injectAs('erik', { method: 'GET', url: `/tickets/${erikTicket}/attachments/${attachment.id}` })).statusCode).toBe(
      404,
    );
    await noTemporaryFiles();
  });

  it("keeps an internal note's attachment from the requester", async () => {
    const note = await system.injectAs('tomas', {
      method: 'POST',
      url: `/tickets/${ritaTicket}/entries`,
      payload: { kind: 'note', body: 'vendor diagnostics attached' },
    });
    expect(note.statusCode).toBe(201);
    const noteId = (note.result as Body).id;
    const internal = await upload('tomas', ritaTicket, [
      file('diagnostics.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n%%EOF\n')),
      { name: 'entryId', content: noteId },
    ]);
    expect(internal.statusCode).toBe(201);
    expect(internal.result).toMatchObject({ entryId: noteId });

    const ritasView = (
      (await system.injectAs('rita', { method: 'GET', url: `/tickets/${ritaTicket}/attachments` })).result as Body
    ).items.map((a: Body) => a.id);
    const tomasView = (
      (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${ritaTicket}/attachments` })).result as Body
    ).items.map((a: Body) => a.id);
    expect(tomasView).toContain((internal.result as Body).id);
    expect(ritasView).not.toContain((internal.result as Body).id);
    expect((await system.injectAs('rita', { method: 'GET', url: (internal.result as Body).downloadUrl })).statusCode).toBe(404);

    const ritaOnNote = await upload('rita', ritaTicket, [file('mine.txt', 'text/plain', 'hi'), { name: 'entryId', content: noteId }]);
    expect(ritaOnNote.statusCode).toBe(400);
    expect(ritaOnNote.result).toMatchObject({ code: 'UNKNOWN_ENTRY', details: [{ field: 'payload.entryId' }] });
    await noTemporaryFiles();
  });

  it('removes the stored file again when its row cannot be written', async () => {
    // A ticket that is gone by the time the row is inserted: the foreign key refuses the row.
    const vanished = { id: randomUUID(), number: 'INC9999999', organizationId: null } as unknown as Ticket;
    const content = Buffer.from(`orphan candidate ${randomUUID()}`);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const service = new AttachmentService(system.adminEm(), store(), system.attachments);
    const principal: Principal = {
      userId: 'system',
      username: 'system',
      displayName: 'System',
      roles: ['admin'],
      organizationId: null,
      servedOrganizationIds: [],
      groupKeys: [],
      via: 'system',
    };
    await expect(
      service.attach(vanished, principal, { source: { content }, filename: 'orphan.txt', contentType: 'text/plain' }, 'file', null),
    ).rejects.toThrow(/foreign key/);
    expect(existsSync(store().pathOf(`${sha256.slice(0, 2)}/${sha256}`))).toBe(false);
    await noTemporaryFiles();
  });
});
