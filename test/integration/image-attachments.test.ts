import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createTransport, type Transporter } from 'nodemailer';
import sharp from 'sharp';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import { animatedGif, hasGpsTag, pngBomb, sidewaysPhoto } from '../support/images';
import { multipart, type FormPart } from '../support/multipart';
import { TEST_DESK_ADDRESS, TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';
/**
 * Images are kept as pixels only: a photo's EXIF (GPS position, camera), XMP and IPTC never reach the
 * store, its orientation is applied instead; an image that would decode to more pixels than the limit
 * is refused from its header, by upload and by mail alike.
 */
describe('image attachments', () => {
  let system: TestSystem;
  let sender: Transporter;
  let ticket: string;

  beforeAll(async () => {
    // Incidents here run no diagram: a process of another test file would otherwise mail about them too.
    system = await TestSystem.start({ mailIntake: true, ticketProcessIds: { incident: `none_${randomUUID().slice(0, 8)}` } });
    sender = createTransport({ host: '127.0.0.1', port: system.mail.inboundPort!, secure: false, ignoreTLS: true });
    ticket = (
      (await system.injectAs('rita', { method: 'POST', url: '/tickets', payload: { title: 'Shelf sign fell down' } })).result as Body
    ).number;
  });
  afterAll(async () => {
    sender?.close();
    await system?.close();
  });

  const upload = (number: string, part: Omit<FormPart, 'name'>) =>
    system.injectAs('rita', { method: 'POST', url: `/tickets/${number}/attachments`, ...multipart([{ name: 'file', ...part }]) });
  const storedBytes = (attachment: Body) =>
    readFileSync(system.attachments.store.pathOf(`${attachment.sha256.slice(0, 2)}/${attachment.sha256}`));
  const noTemporaryFiles = () => eventually(() => expect(readdirSync(system.attachments.store.tmpDir)).toEqual([]));
  const pixel = async (image: Buffer, x: number, y: number) => {
    const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
    const at = (y * info.width + x) * info.channels;
    return [...data.subarray(at, at + 3)].map((v) => (v > 200 ? 'on' : v < 50 ? 'off' : v));
  };

  it('keeps a phone photo without its EXIF, GPS position and XMP, turned upright', async () => {
    const photo = await sidewaysPhoto('jpeg');
    // The control: what the phone wrote is really in the file.
    const sent = await sharp(photo).metadata();
    expect({ orientation: sent.orientation, width: sent.width, gps: hasGpsTag(sent.exif), xmp: !!sent.xmp }).toEqual({
      orientation: 6,
      width: 40,
      gps: true,
      xmp: true,
    });

    const res = await upload(ticket, { filename: 'IMG_2041.jpg', contentType: 'image/jpeg', content: photo });
    expect(res.statusCode).toBe(201);
    const created = res.result as Body;
    const stored = storedBytes(created);
    expect(created).toMatchObject({ contentType: 'image/jpeg', size: stored.length });

    const kept = await sharp(stored).metadata();
    expect({ format: kept.format, exif: kept.exif, xmp: kept.xmp, iptc: kept.iptc, orientation: kept.orientation }).toEqual({
      format: 'jpeg',
      exif: undefined,
      xmp: undefined,
      iptc: undefined,
      orientation: undefined,
    });
    expect(stored.includes(Buffer.from('PhoneCo'))).toBe(false);
    // Upright: 20 wide, 40 high, the red half on top (it was the left half of the sideways picture).
    expect([kept.width, kept.height]).toEqual([20, 40]);
    expect(await pixel(stored, 10, 5)).toEqual(['on', 'off', 'off']);
    expect(await pixel(stored, 10, 35)).toEqual(['off', 'off', 'on']);

    // What Rita downloads is that clean copy.
    expect((await system.injectAs('rita', { method: 'GET', url: created.downloadUrl })).rawPayload).toEqual(stored);
    await noTemporaryFiles();
  });

  it.each(['png', 'webp', 'tiff'] as const)('strips the metadata of a %s as well', async (format) => {
    const res = await upload(ticket, { filename: `scan.${format}`, contentType: `image/${format}`, content: await sidewaysPhoto(format) });
    expect(res.statusCode).toBe(201);
    const stored = storedBytes(res.result as Body);
    const kept = await sharp(stored).metadata();
    expect({ format: kept.format, exif: kept.exif, xmp: kept.xmp, comments: kept.comments, width: kept.width }).toEqual({
      format,
      exif: undefined,
      xmp: undefined,
      comments: undefined,
      width: 20,
    });
    expect(stored.includes(Buffer.from('PhoneCo'))).toBe(false);
  });

  it('keeps every frame of an animated GIF', async () => {
    const res = await upload(ticket, { filename: 'blinking.gif', contentType: 'image/gif', content: await animatedGif() });
    expect(res.statusCode).toBe(201);
    expect(await sharp(storedBytes(res.result as Body)).metadata()).toMatchObject({ format: 'gif', pages: 3, width: 10, height: 6 });
  });

  it('refuses a small file that declares 30000 × 30000 pixels, at once and without decoding it, naming the limit', async () => {
    const bomb = pngBomb(30_000, 30_000);
    expect(bomb.length).toBeLessThan(200);
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const res = await upload(ticket, { filename: 'bomb.png', contentType: 'image/png', content: bomb });
    const elapsedMs = Date.now() - started;
    expect(res.statusCode).toBe(422);
    expect(res.result).toMatchObject({
      code: 'IMAGE_TOO_LARGE',
      message: 'bomb.png: the image is 30000 × 30000 pixels (900 megapixels), more than the limit of 40 megapixels for images',
      details: [{ field: 'payload.file' }],
    });
    // Decoding would take 2.7 GB and many seconds; reading the header takes neither.
    expect(elapsedMs).toBeLessThan(2000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
    await noTemporaryFiles();
  });

  it('refuses SVG (it can carry script) and an image whose pixels cannot be read', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>';
    expect((await upload(ticket, { filename: 'logo.svg', contentType: 'image/svg+xml', content: svg })).statusCode).toBe(415);
    expect((await upload(ticket, { filename: 'logo.png', contentType: 'image/png', content: svg })).statusCode).toBe(422);
    expect((await upload(ticket, { filename: 'logo.heic', contentType: 'image/heic', content: svg })).statusCode).toBe(415);
    const truncated = (await sidewaysPhoto('png')).subarray(0, 60);
    const broken = await upload(ticket, { filename: 'cut.png', contentType: 'image/png', content: truncated });
    expect(broken.statusCode).toBe(422);
    expect(broken.result).toMatchObject({ code: 'IMAGE_UNREADABLE', details: [{ field: 'payload.file' }] });
    await noTemporaryFiles();
  });

  it('applies the same to images mailed to the desk: the photo kept clean, the bomb named in the entry', async () => {
    const word = `shelf${Date.now()}`;
    await sender.sendMail({
      from: 'rita@baltic-retail.example',
      to: TEST_DESK_ADDRESS,
      subject: `Shelf sign photo ${word}`,
      text: 'Photos attached.',
      attachments: [
        { filename: 'IMG_2042.jpg', content: await sidewaysPhoto('jpeg'), contentType: 'image/jpeg' },
        { filename: 'huge.png', content: pngBomb(30_000, 30_000), contentType: 'image/png' },
      ],
    });
    const mailed = await eventually(async () => {
      const [found] = await system.adminEm().find(Ticket, { title: { $like: `%${word}%` } });
      if (!found) throw new Error('no ticket yet');
      return found;
    });
    const [entry] = ((await system.injectAs('rita', { method: 'GET', url: `/tickets/${mailed.number}/entries` })).result as Body).items;
    expect(entry.body).toBe(
      'Photos attached.\n\nAttachments not kept:\n- huge.png: the image is 30000 × 30000 pixels (900 megapixels), more than the limit of 40 megapixels for images',
    );
    const [photo, ...others] = (
      (await system.injectAs('rita', { method: 'GET', url: `/tickets/${mailed.number}/attachments` })).result as Body
    ).items;
    expect(others).toEqual([]);
    expect(photo).toMatchObject({ filename: 'IMG_2042.jpg', contentType: 'image/jpeg', entryId: entry.id });
    const kept = await sharp(storedBytes(photo)).metadata();
    expect({ exif: kept.exif, xmp: kept.xmp, width: kept.width, height: kept.height }).toEqual({
      exif: undefined,
      xmp: undefined,
      width: 20,
      height: 40,
    });
    await noTemporaryFiles();
  });
});
