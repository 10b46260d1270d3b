// Over 300 lines because the life cycle is one story: each step needs the state the one before left.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerInjectResponse } from '@hapi/hapi';
import { PDFParse } from 'pdf-parse';
import sharp from 'sharp';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import type { Body } from '../support/json-body';
import { hasGpsTag, pngBomb, sidewaysPhoto } from '../support/images';
import { multipart } from '../support/multipart';
import { recordHistoryIfAsked } from '../support/record-history';
import { repoFile } from '../support/repo-root';
import { offerService } from '../support/services';
import { TestSystem } from '../support/test-system';

const ALWAYS_OPEN = {
  timeZone: 'UTC',
  weekly: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
};

/**
 * Issue 19, the work-order process (workflows/processes/work-order.bpmn) on the interpreter, through
 * the API: opened from an incident, dispatch late (escalated once), a technician's rejection back to
 * dispatch, another technician's acceptance, travel, arrival late (escalated once), check-in with
 * position, sign-off, check-out, the report kept, the work order closed and the incident resolved.
 */
describe('work-order process: dispatch, rejection, arrival, on-site work, signed report, parent goes on', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const password = 'work-order-pass-1';
  const service = `tills-${tag}`;
  // A work type of this test's own, so its checklist meets no other test's work orders.
  const workType = `repair-${tag}`;
  let baltic = '';
  let siteId = '';
  const technicians = { first: '', second: '' };

  const as = (user: string, method: string, url: string, payload?: object) =>
    system.injectAs(user, { method, url, ...(payload ? { payload } : {}) });
  const ok = (res: ServerInjectResponse, status = 201): Body => {
    if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.payload}`);
    return res.result as Body;
  };
  const workOrder = async (number: string) => ok(await as('tomas', 'GET', `/work-orders/${number}`), 200);
  const reaches = (number: string, status: string) =>
    eventually(async () => {
      const w = await workOrder(number);
      if (w.status !== status) throw new Error(`${number} is ${w.status}, not ${status}`);
      return w;
    }, 60_000);
  /** The process may still be one service task short of the user task: a 409 is retried, anything else is the answer. */
  const act = (user: string, number: string, payload: object) =>
    eventually(async () => {
      const res = await as(user, 'POST', `/work-orders/${number}/actions`, payload);
      if (res.statusCode === 409) throw new Error(res.payload);
      return res;
    }, 60_000);

  beforeAll(async () => {
    const incidentProcess = `incident_wo_${tag}`;
    const workOrderProcess = `work_order_${tag}`;
    system = await TestSystem.start({ ticketProcessIds: { incident: incidentProcess, work_order: workOrderProcess } });
    await offerService(system, service);
    const dmn = readFileSync(repoFile('workflows/decisions/priority-matrix.dmn'), 'utf8');
    expect((await as('marta', 'POST', '/decision-definitions', { xml: dmn })).statusCode).toBeLessThan(300);
    const calendarId = ok(await as('marta', 'POST', '/business-calendars', { name: `Always ${tag}`, definition: ALWAYS_OPEN })).id;
    for (const priority of ['P1', 'P2', 'P3', 'P4', 'P5'])
      ok(
        await as('marta', 'POST', '/sla-policies', {
          name: `${priority} ${service}`,
          priority,
          service,
          calendarId,
          responseTarget: 'PT2H',
          resolutionTarget: 'PT8H',
        }),
      );
    for (const [file, id] of [
      ['incident', incidentProcess],
      ['work-order', workOrderProcess],
    ] as const) {
      const xml = readFileSync(repoFile(`workflows/processes/${file}.bpmn`), 'utf8').replace(new RegExp(`"${file}"`, 'g'), `"${id}"`);
      const deployed = await as('marta', 'POST', '/process-definitions', { xml });
      expect({ file, status: deployed.statusCode, body: deployed.statusCode === 201 ? null : deployed.result }).toEqual({
        file,
        status: 201,
        body: null,
      });
    }
    ok(
      await as('marta', 'PUT', `/checklist-templates/${workType}`, {
        items: [
          { key: 'power-off', label: 'Terminal powered off before work', required: true },
          { key: 'test-payment', label: 'Test payment approved', required: true },
          { key: 'clean-up', label: 'Counter cleaned', required: false },
        ],
      }),
      200,
    );
    ok(await as('marta', 'POST', '/parts', { sku: `VX-820-${tag}`, name: 'Card reader', unit: 'pcs', unitPrice: 129, currency: 'EUR' }));
    baltic = (await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    siteId = ok(await as('admin', 'POST', '/sites', { organizationId: baltic, name: `Klaipėda store ${tag}` })).id;
    for (const which of ['first', 'second'] as const) {
      const username = `wo-${which}-${tag}`;
      const user = ok(
        await as('admin', 'POST', '/users', {
          username,
          displayName: `${which} technician`,
          roles: ['technician'],
          password,
          servedOrganizationIds: [baltic],
        }),
      );
      await system.tokenFor(username, password);
      technicians[which] = ok(
        await as('admin', 'POST', '/technicians', {
          userId: user.id,
          skills: { 'payment-terminals': 3 },
          territories: ['klaipeda'],
          workingHours: { 1: [{ start: '08:00', end: '17:00' }] },
          homeBase: { latitude: 55.7033, longitude: 21.1443 },
        }),
      ).id;
    }
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  it('runs the whole life cycle with a rejection and both SLA escalations, then resolves the incident', async () => {
    const incident = ok(
      await as('rita', 'POST', '/tickets', {
        type: 'incident',
        title: `Till 2 card reader broken ${tag}`,
        description: 'card payments fail',
        impact: 'medium',
        urgency: 'medium',
        category: 'hardware',
        service,
      }),
    ).number as string;
    await eventually(async () => {
      const t = ok(await as('tomas', 'GET', `/tickets/${incident}`), 200);
      if (t.state !== 'in_progress') throw new Error(`incident is ${t.state}`);
    }, 90_000);

    // Dispatch is due in 2 s and the window closes in 12 s: both deadlines pass during the test.
    const now = Date.now();
    const opened = ok(
      await as('tomas', 'POST', '/work-orders', {
        title: 'Replace the card reader on till 2',
        parentTicket: incident,
        siteId,
        workType,
        requiredSkills: [{ skill: 'payment-terminals', level: 2 }],
        priority: 'P2',
        window: { startsAt: new Date(now + 1_000).toISOString(), endsAt: new Date(now + 12_000).toISOString() },
        dispatchBy: new Date(now + 2_000).toISOString(),
      }),
    );
    const number = opened.number as string;
    const late = await eventually(async () => {
      const w = await workOrder(number);
      if (!w.escalations.lateDispatchAt) throw new Error('no late dispatch yet');
      return w;
    }, 60_000);
    expect(late.status).toBe('created');

    // A technician does not dispatch (nor even see a job nobody has assigned them); the dispatcher does.
    expect(
      (await as(`wo-first-${tag}`, 'POST', `/work-orders/${number}/actions`, { action: 'schedule', technicianId: technicians.first }))
        .statusCode,
    ).toBe(404);
    ok(await act('tomas', number, { action: 'schedule', technicianId: technicians.first }), 200);
    await reaches(number, 'dispatched');
    // The other technician cannot even see the job.
    expect((await as(`wo-second-${tag}`, 'POST', `/work-orders/${number}/actions`, { action: 'accept' })).statusCode).toBe(404);
    const refused = await as(`wo-first-${tag}`, 'POST', `/work-orders/${number}/actions`, { action: 'reject' });
    expect(refused.statusCode).toBe(400);
    expect((refused.result as Body).details[0].field).toBe('payload.reason');
    ok(await act(`wo-first-${tag}`, number, { action: 'reject', reason: 'no spare card readers in the van' }), 200);
    const backToDispatch = await eventually(async () => {
      const w = await workOrder(number);
      if (w.status !== 'created' || w.technicianId !== null) throw new Error(`${w.status} ${w.technicianId}`);
      return w;
    }, 60_000);
    expect(backToDispatch.rejections).toEqual([
      { technicianId: technicians.first, reason: 'no spare card readers in the van', at: expect.any(String) },
    ]);

    ok(await act('tomas', number, { action: 'schedule', technicianId: technicians.second }), 200);
    ok(await act(`wo-second-${tag}`, number, { action: 'accept' }), 200);
    await reaches(number, 'accepted');
    ok(await act(`wo-second-${tag}`, number, { action: 'start-travel' }), 200);
    await reaches(number, 'travelling');
    // Checking out before arriving is not what the process waits for.
    // (Once the process waits at the check-in: between two steps it says it is busy.)
    const early = await eventually(async () => {
      const res = await as(`wo-second-${tag}`, 'POST', `/work-orders/${number}/actions`, { action: 'check-out' });
      expect(res.statusCode).toBe(409);
      expect((res.result as Body).message).toContain('Check in on site');
      return res;
    }, 30_000);
    expect((early.result as Body).code).toBe('ACTION_NOT_AVAILABLE');
    const arrivedLate = await eventually(async () => {
      const w = await workOrder(number);
      if (!w.escalations.lateArrivalAt) throw new Error('no late arrival yet');
      return w;
    }, 60_000);
    expect(arrivedLate.escalations.lateDispatchAt).toBe(late.escalations.lateDispatchAt);

    const checkInAt = new Date().toISOString();
    ok(await act(`wo-second-${tag}`, number, { action: 'check-in', at: checkInAt, latitude: 55.7128, longitude: 21.1351 }), 200);
    await reaches(number, 'on_site');
    const tech = (method: string, url: string, payload: object) => as(`wo-second-${tag}`, method, url, payload);
    ok(await tech('PATCH', `/work-orders/${number}/checklist`, { items: [{ key: 'power-off', done: true }] }), 200);
    const unknownItem = await tech('PATCH', `/work-orders/${number}/checklist`, { items: [{ key: 'paint-it', done: true }] });
    expect(unknownItem.statusCode).toBe(422);
    expect((unknownItem.result as Body).details[0].field).toBe('payload.items.0.key');

    // Photos: kept without EXIF/GPS, with a thumbnail; anything but an image, or a bomb, refused naming the field.
    const upload = (filename: string, contentType: string, content: Buffer) =>
      system.injectAs(`wo-second-${tag}`, {
        method: 'POST',
        url: `/work-orders/${number}/photos`,
        ...multipart([{ name: 'file', filename, contentType, content }]),
      });
    const photo = ok(await upload('reader.jpg', 'image/jpeg', await sidewaysPhoto('jpeg')));
    const stored = await as('tomas', 'GET', `/tickets/${number}/attachments/${photo.id}`);
    const storedMeta = await sharp(stored.rawPayload).metadata();
    expect(hasGpsTag(storedMeta.exif)).toBe(false);
    expect(storedMeta.exif).toBeUndefined();
    const thumb = await as(`wo-second-${tag}`, 'GET', `/work-orders/${number}/photos/${photo.id}/thumbnail`);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    const thumbMeta = await sharp(thumb.rawPayload).metadata();
    expect(Math.max(thumbMeta.width!, thumbMeta.height!)).toBeLessThanOrEqual(320);
    const notAPhoto = await upload('notes.txt', 'text/plain', Buffer.from('not a photo'));
    expect(notAPhoto.statusCode).toBe(415);
    expect((notAPhoto.result as Body).details[0].field).toBe('payload.file');
    const bomb = await upload('bomb.png', 'image/png', pngBomb(30_000, 30_000));
    expect(bomb.statusCode).toBe(422);
    expect((bomb.result as Body).details[0].field).toBe('payload.file');
    expect((ok(await as('tomas', 'GET', `/work-orders/${number}/photos`), 200).items as Body[]).map((p) => p.id)).toEqual([photo.id]);
    // Parts come from the catalogue: an unknown SKU is refused naming it; a known one takes its name and price.
    const unknownPart = await tech('PUT', `/work-orders/${number}/parts`, { parts: [{ partNumber: `NOPE-${tag}`, quantity: 1 }] });
    expect(unknownPart.statusCode).toBe(422);
    expect((unknownPart.result as Body).details[0].field).toBe('payload.parts.0.partNumber');
    const fraction = await tech('PUT', `/work-orders/${number}/parts`, { parts: [{ partNumber: `VX-820-${tag}`, quantity: 1.5 }] });
    expect(fraction.statusCode).toBe(422);
    expect((fraction.result as Body).details[0].field).toBe('payload.parts.0.quantity');
    const withParts = ok(
      await tech('PUT', `/work-orders/${number}/parts`, {
        parts: [{ partNumber: `VX-820-${tag}`, description: 'old reader kept for the customer', quantity: 1 }],
      }),
      200,
    );
    expect(withParts.parts).toEqual([
      expect.objectContaining({ partNumber: `VX-820-${tag}`, name: 'Card reader', unit: 'pcs', unitPrice: '129.00', currency: 'EUR' }),
    ]);

    // The signature must be a PNG within limits: a text file and a huge canvas are refused, naming the field.
    const stroke =
      '<svg width="400" height="120"><path d="M10 90 C 80 10, 160 110, 390 30" stroke="black" stroke-width="4" fill="none"/></svg>';
    const signature = await sharp({ create: { width: 400, height: 120, channels: 4, background: { r: 255, g: 255, b: 255, alpha: 1 } } })
      .composite([{ input: Buffer.from(stroke), top: 0, left: 0 }])
      .png()
      .toBuffer();
    const huge = await sharp({ create: { width: 5000, height: 120, channels: 3, background: { r: 255, g: 255, b: 255 } } })
      .png()
      .toBuffer();
    const signOff = (sig: Buffer) => ({
      action: 'sign-off',
      signerName: 'Rita Store-Manager',
      notes: 'Card reader replaced, tested with a payment',
      signature: sig.toString('base64'),
    });
    const notPng = await tech('POST', `/work-orders/${number}/actions`, signOff(Buffer.from('GIF89a definitely not a signature')));
    expect(notPng.statusCode).toBe(415);
    expect((notPng.result as Body).details[0].field).toBe('payload.signature');
    const tooWide = await tech('POST', `/work-orders/${number}/actions`, signOff(huge));
    expect(tooWide.statusCode).toBe(413);
    expect((tooWide.result as Body).details[0].field).toBe('payload.signature');
    ok(await act(`wo-second-${tag}`, number, signOff(signature)), 200);
    await reaches(number, 'signed_off');
    // A required item left open blocks completion, naming it.
    const blocked = await tech('POST', `/work-orders/${number}/actions`, { action: 'check-out' });
    expect(blocked.statusCode).toBe(422);
    expect((blocked.result as Body).details.map((d: Body) => d.field)).toEqual(['checklist.test-payment']);
    ok(
      await tech('PATCH', `/work-orders/${number}/checklist`, { items: [{ key: 'test-payment', done: true, note: 'EUR 0.01 approved' }] }),
      200,
    );
    ok(await act(`wo-second-${tag}`, number, { action: 'check-out' }), 200);
    const closed = await reaches(number, 'closed');
    expect(closed).toMatchObject({
      technicianId: technicians.second,
      checkIn: { at: checkInAt, latitude: 55.7128, longitude: 21.1351 },
      signerName: 'Rita Store-Manager',
      checkedOutAt: expect.any(String),
    });

    // The ticket is closed, the report kept on it, the late dispatch and arrival noted once each.
    const woTicket = await eventually(async () => {
      const t = ok(await as('tomas', 'GET', `/tickets/${number}`), 200);
      if (t.state !== 'closed') throw new Error(`work order ticket is ${t.state}`);
      return t;
    }, 60_000);
    expect(woTicket.type).toBe('work_order');
    const entries = ok(await as('tomas', 'GET', `/tickets/${number}/entries`), 200) as Body;
    const notes = (entries.items ?? entries).map((e: Body) => e.body as string);
    expect(notes.filter((b: string) => b.startsWith('Late dispatch'))).toHaveLength(1);
    expect(notes.filter((b: string) => b.startsWith('Late arrival'))).toHaveLength(1);
    const report = notes.find((b: string) => b.startsWith('Completion report'));
    expect(report).toContain('Signed off by: Rita Store-Manager');
    expect(report).toContain('Card reader replaced');

    // The report PDF: kept on the work order, mailed to the incident's caller, and it says what happened.
    expect(closed.reportSentTo).toBe('rita@baltic-retail.example');
    const pdf = await as('tomas', 'GET', `/work-orders/${number}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const parser = new PDFParse({ data: new Uint8Array(pdf.rawPayload) });
    const text = (await parser.getText()).text;
    await parser.destroy();
    expect(text).toContain(`Completion report ${number}`);
    expect(text).toContain('Signed by: Rita Store-Manager');
    expect(text).toContain('[x] Terminal powered off before work (required)');
    expect(text).toContain('[x] Test payment approved (required) — EUR 0.01 approved');
    expect(text).toContain('[ ] Counter cleaned');
    expect(text).toContain(`1 pcs VX-820-${tag} Card reader @ 129.00 EUR = 129.00 EUR — old reader kept for the customer`);
    expect(text).toContain('Parts total: 129.00 EUR');
    expect(text).toContain('Photo 1: reader.jpg');
    const mailed = system.mail.sink!.messages.filter((m) => m.subject.includes(`[${number}] Completion report`));
    expect(mailed.map((m) => m.to)).toEqual(['rita@baltic-retail.example']);
    expect(mailed[0]!.attachments?.map((a) => [a.filename, a.contentType])).toEqual([
      [`${number}-completion-report.pdf`, 'application/pdf'],
    ]);
    expect(mailed[0]!.attachments![0]!.content.equals(pdf.rawPayload)).toBe(true);
    // The photo's thumbnail and the signature are in the PDF (image XObjects), not just named.
    expect(pdf.rawPayload.toString('latin1').match(/\/Subtype \/Image/g)?.length).toBeGreaterThanOrEqual(2);

    // Issue 20: the closed work order asks its caller for a rating, with the one-click score links.
    const survey = await eventually(async () => {
      const found = system.mail.sink!.messages.find((m) => m.subject.includes(`[${number}] How did we do?`));
      if (!found) throw new Error('no survey mail yet');
      return found;
    }, 60_000);
    expect(survey.to).toBe('rita@baltic-retail.example');
    expect([...survey.text.matchAll(/^(\d) [a-z ]+: \S+\/portal\/survey\/\S+$/gm)].map((m) => Number(m[1]))).toEqual([5, 4, 3, 2, 1]);

    // The incident the visit was for goes on: resolved through its own process.
    const parent = await eventually(async () => {
      const t = ok(await as('tomas', 'GET', `/tickets/${incident}`), 200);
      if (t.state !== 'resolved') throw new Error(`incident is ${t.state}`);
      return t;
    }, 90_000);
    expect(parent.resolutionNotes).toContain(`Fixed on site by work order ${number}`);

    const row = await system.adminEm().findOneOrFail(Ticket, { number });
    // Named apart from the first recording: that one keeps the diagram before auto-dispatch and reassignment.
    await recordHistoryIfAsked(system, row.processInstanceId!, 'work_order_lifecycle_reassignable');
  }, 300_000);
});
