import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { TicketAttachment } from '../../service-catalog/attachments/domain/ticket-attachment.entity';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { hasGpsTag, sidewaysPhoto } from '../support/images';
import { multipart, PDF_BYTES } from '../support/multipart';
import { TestSystem } from '../support/test-system';

const SHOP = 'http://files.shop.test';

interface Sent {
  id: string;
  author: string;
  body: string;
  attachments: Array<{ id: string; filename: string; contentType: string; size: number; url: string }>;
}

/**
 * Files in a live chat (issue 25), both ways: the visitor's and the agent's go through the checks of
 * ticket attachments (type sniffed, size and pixel limits, EXIF stripped), become attachments of public
 * replies on the chat's ticket, and reach the other side in the transcript; a visitor's token opens only
 * its own chat's files.
 */
describe('files in a live chat', () => {
  let system: TestSystem;
  let siteKey: string;
  const tag = randomUUID().slice(0, 8);
  let visitors = 0;

  beforeAll(async () => {
    system = await TestSystem.start({
      ticketProcessIds: { incident: `none_${tag}` },
      attachmentMaxBytes: 64 * 1024,
      attachmentMaxPixels: 1_000_000,
    });
    expect(
      (await system.injectAs('admin', { method: 'PUT', url: '/routing-rules/default', payload: { assignmentGroup: 'service-desk' } }))
        .statusCode,
    ).toBe(200);
    const baltic = (await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    const site = await system.injectAs('admin', {
      method: 'POST',
      url: '/chat-sites',
      payload: { organizationId: baltic, name: `Files ${tag}`, allowedOrigins: [SHOP] },
    });
    expect(site.statusCode).toBe(201);
    siteKey = (site.result as { siteKey: string }).siteKey;
  }, 300_000);

  afterAll(async () => {
    await system?.close();
  });

  const startChat = async (name: string) => {
    const res = await system.server.inject({
      method: 'POST',
      url: '/chat/sessions',
      headers: { origin: SHOP },
      payload: { siteKey, name, email: 'v@shop.test', message: `Hello from ${name}` },
      remoteAddress: `198.51.100.${100 + ++visitors}`,
    });
    expect(res.statusCode).toBe(201);
    return res.result as { chatId: string; token: string; ticketNumber: string };
  };
  const sendFile = (
    chatId: string,
    headers: Record<string, string>,
    file: { name: string; type: string; content: Buffer },
    body?: string,
  ) => {
    const form = multipart([
      { name: 'file', filename: file.name, contentType: file.type, content: file.content },
      ...(body === undefined ? [] : [{ name: 'body', content: body }]),
    ]);
    return system.server.inject({
      method: 'POST',
      url: `/chats/${chatId}/attachments`,
      headers: { ...headers, ...form.headers },
      payload: form.payload,
    });
  };

  it('a visitor’s photo reaches the agent without its EXIF, the agent’s PDF reaches the visitor, both on the ticket', async () => {
    const chat = await startChat(`Ona ${tag}`);
    const visitor = { 'x-chat-token': chat.token };
    const tomas = { authorization: `Bearer ${await system.tokenFor('tomas')}` };

    // Given a visitor's phone photo with GPS in its EXIF
    const photo = await sidewaysPhoto('jpeg');
    expect(hasGpsTag((await sharp(photo).metadata()).exif)).toBe(true);
    const sent = await sendFile(chat.chatId, visitor, { name: 'till.jpg', type: 'image/jpeg', content: photo }, 'The till screen');
    expect(sent.statusCode).toBe(201);
    const mine = sent.result as Sent;
    expect(mine).toMatchObject({
      author: 'visitor',
      body: 'The till screen',
      attachments: [{ filename: 'till.jpg', contentType: 'image/jpeg' }],
    });

    // The agent may not send before taking the chat; once taken, their PDF is a message too.
    const early = await sendFile(chat.chatId, tomas, { name: 'steps.pdf', type: 'application/pdf', content: PDF_BYTES });
    expect(early.statusCode).toBe(403);
    expect((await system.injectAs('tomas', { method: 'POST', url: `/chats/${chat.chatId}/take` })).statusCode).toBe(200);
    const answer = await sendFile(chat.chatId, tomas, { name: 'steps.pdf', type: 'application/pdf', content: PDF_BYTES });
    expect(answer.statusCode).toBe(201);
    expect(answer.result).toMatchObject({ author: 'agent', body: 'steps.pdf', attachments: [{ filename: 'steps.pdf' }] });

    // Then each side's transcript lists both files
    const seenByVisitor = await system.server.inject({ method: 'GET', url: `/chats/${chat.chatId}`, headers: visitor });
    const files = (seenByVisitor.result as { messages: Sent[] }).messages.flatMap((m) =>
      m.attachments.map((a) => `${m.author}:${a.filename}`),
    );
    expect(files).toEqual(['visitor:till.jpg', 'agent:steps.pdf']);
    const seenByAgent = await system.server.inject({ method: 'GET', url: `/chats/${chat.chatId}`, headers: tomas });
    expect((seenByAgent.result as { messages: Sent[] }).messages.flatMap((m) => m.attachments.map((a) => a.filename))).toEqual([
      'till.jpg',
      'steps.pdf',
    ]);

    // The photo the agent downloads was written anew: upright, no GPS, no camera
    const download = await system.server.inject({ method: 'GET', url: mine.attachments[0]!.url, headers: tomas });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/attachment/);
    const kept = await sharp(download.rawPayload).metadata();
    expect({ width: kept.width, height: kept.height, gps: hasGpsTag(kept.exif) }).toEqual({ width: 20, height: 40, gps: false });
    expect(download.rawPayload.includes(Buffer.from('PhoneCo'))).toBe(false);
    // The visitor downloads the agent's PDF with the chat token alone.
    const pdf = await system.server.inject({ method: 'GET', url: (answer.result as Sent).attachments[0]!.url, headers: visitor });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.equals(PDF_BYTES)).toBe(true);

    // And both are attachments of the ticket's public replies, listed on the ticket for the desk and the requester alike
    const ticket = await system.adminEm().findOneOrFail(Ticket, { number: chat.ticketNumber });
    const stored = await system.adminEm().find(TicketAttachment, { ticketId: ticket.id }, { orderBy: { createdAt: 'asc' } });
    expect(stored.map((a) => [a.filename, a.entryId === mine.id || a.entryId === (answer.result as Sent).id])).toEqual([
      ['till.jpg', true],
      ['steps.pdf', true],
    ]);
    const listed = await system.injectAs('tomas', { method: 'GET', url: `/tickets/${chat.ticketNumber}/attachments` });
    expect((listed.result as { items: Array<{ filename: string }> }).items.map((a) => a.filename)).toEqual(['till.jpg', 'steps.pdf']);
  });

  it('refuses what ticket attachments refuse, naming payload.file, and keeps nothing', async () => {
    const chat = await startChat(`Jonas ${tag}`);
    const visitor = { 'x-chat-token': chat.token };
    const exe = await sendFile(chat.chatId, visitor, {
      name: 'run.exe',
      type: 'application/x-msdownload',
      content: Buffer.from('MZ\x90\x00rest'),
    });
    expect(exe.statusCode).toBe(415);
    expect(exe.payload).toMatch(/payload\.file/);
    const fake = await sendFile(chat.chatId, visitor, {
      name: 'fake.pdf',
      type: 'application/pdf',
      content: Buffer.from('not a pdf at all'),
    });
    expect(fake.statusCode).toBe(422);
    expect(fake.payload).toMatch(/payload\.file/);
    const big = await sendFile(chat.chatId, visitor, {
      name: 'big.pdf',
      type: 'application/pdf',
      content: Buffer.concat([PDF_BYTES, Buffer.alloc(70 * 1024, 32)]),
    });
    expect(big.statusCode).toBe(413);
    expect(big.payload).toMatch(/payload\.file/);
    const huge = await sharp({ create: { width: 1200, height: 1000, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const pixels = await sendFile(chat.chatId, visitor, { name: 'wide.png', type: 'image/png', content: huge });
    expect(pixels.statusCode).toBe(422);
    expect(pixels.payload).toMatch(/payload\.file/);
    const ticket = await system.adminEm().findOneOrFail(Ticket, { number: chat.ticketNumber });
    expect(await system.adminEm().count(TicketAttachment, { ticketId: ticket.id })).toBe(0);
    const transcript = await system.server.inject({ method: 'GET', url: `/chats/${chat.chatId}`, headers: visitor });
    expect((transcript.result as { messages: Sent[] }).messages).toHaveLength(1);
    // No credential at all: 401 before the file is even read.
    const anonymous = await sendFile(chat.chatId, {}, { name: 'a.pdf', type: 'application/pdf', content: PDF_BYTES });
    expect(anonymous.statusCode).toBe(401);
  });

  it('a visitor reaches only its own chat’s files, and no file of an internal note', async () => {
    const ona = await startChat(`Rasa ${tag}`);
    const eve = await startChat(`Eve ${tag}`);
    const sent = (
      await sendFile(ona.chatId, { 'x-chat-token': ona.token }, { name: 'mine.pdf', type: 'application/pdf', content: PDF_BYTES })
    ).result as Sent;
    const file = sent.attachments[0]!;
    // Eve's token opens Eve's chat only: Ona's chat with Eve's token is refused, and Ona's file under Eve's chat is not found.
    expect((await system.server.inject({ method: 'GET', url: file.url, headers: { 'x-chat-token': eve.token } })).statusCode).toBe(403);
    const crossed = await system.server.inject({
      method: 'GET',
      url: `/chats/${eve.chatId}/attachments/${file.id}`,
      headers: { 'x-chat-token': eve.token },
    });
    expect(crossed.statusCode).toBe(404);
    // A file the desk attached to an internal note of Ona's ticket is not reachable through the chat.
    const note = await system.injectAs('tomas', {
      method: 'POST',
      url: `/tickets/${ona.ticketNumber}/entries`,
      payload: { kind: 'note', body: `internal ${tag}` },
    });
    expect(note.statusCode).toBe(201);
    const form = multipart([
      { name: 'file', filename: 'internal.pdf', contentType: 'application/pdf', content: PDF_BYTES },
      { name: 'entryId', content: (note.result as { id: string }).id },
    ]);
    const internal = await system.injectAs('tomas', {
      method: 'POST',
      url: `/tickets/${ona.ticketNumber}/attachments`,
      headers: form.headers,
      payload: form.payload,
    });
    expect(internal.statusCode).toBe(201);
    const hidden = await system.server.inject({
      method: 'GET',
      url: `/chats/${ona.chatId}/attachments/${(internal.result as { id: string }).id}`,
      headers: { 'x-chat-token': ona.token },
    });
    expect(hidden.statusCode).toBe(404);
    const own = await system.server.inject({ method: 'GET', url: file.url, headers: { 'x-chat-token': ona.token } });
    expect(own.statusCode).toBe(200);
  });
});
