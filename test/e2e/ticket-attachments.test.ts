import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { horizontalOverflow, PHONE, screenshotForDocs } from '../support/page-checks';
import { PNG_BYTES } from '../support/multipart';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

/** The process moves asynchronously after each step. */
const LOADS = { timeout: 30_000 };

/**
 * Issue 23, attachments on tickets: the agent attaches a screenshot under the desk composer and sees it
 * listed with a preview and a download; a file of a type the API refuses stays on screen with the
 * server's reason. The requester, on a phone, sees the agent's file on the portal and adds their own.
 */
describe('browser: agents and requesters attach files to a ticket', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const processId = `incident_att_${randomUUID().slice(0, 8)}`;
  let ticketNumber = '';

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: processId } });
    const xml = readFileSync(repoFile('test/fixtures/triage-incident.bpmn'), 'utf8').replace(/"incident"/g, `"${processId}"`);
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
    const ticket = await system.injectAs('rita', {
      method: 'POST',
      url: '/tickets',
      payload: { title: `Printer ${processId} shows an error code`, description: 'A photo of the panel follows.' },
    });
    expect(ticket.statusCode).toBe(201);
    ticketNumber = (ticket.result as { number: string }).number;
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    for (const page of pages) await page.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  const open = async (path: string, username: string) => {
    const page = await signedInPage(browser, `${system.url}${path}`, username);
    pages.push(page);
    return page;
  };
  const listed = async () =>
    (
      (await system.injectAs('marta', { method: 'GET', url: `/tickets/${ticketNumber}/attachments` })).result as {
        items: Array<{ filename: string; uploadedByName: string }>;
      }
    ).items.map((a) => a.filename);

  it('the agent uploads a screenshot, previews and downloads it; a refused file shows the server’s reason', async () => {
    const page = await open(`/desk/tickets/${ticketNumber}`, 'tomas');
    const files = page.getByTestId('ticket-attachments');
    await files.waitFor(LOADS);
    await files.getByTestId('attachment-input').setInputFiles({ name: 'error-panel.png', mimeType: 'image/png', buffer: PNG_BYTES });
    const shot = files.locator('[data-testid="attachment"][data-name="error-panel.png"]');
    await shot.waitFor();
    await shot.getByTestId('attachment-preview').waitFor();
    expect(await listed()).toContain('error-panel.png');

    const [download] = await Promise.all([page.waitForEvent('download'), shot.getByTestId('attachment-download').click()]);
    expect(download.suggestedFilename()).toBe('error-panel.png');

    await files
      .getByTestId('attachment-input')
      .setInputFiles({ name: 'fix.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ\u0090\u0000 not a program') });
    const refused = files.locator('[data-testid="attachment-upload"][data-name="fix.exe"]').getByTestId('attachment-refused');
    await refused.filter({ hasText: /\S/ }).waitFor();
    expect(await listed()).not.toContain('fix.exe');
    await screenshotForDocs(page, 'desk-attachments.png');
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('the requester sees the agent’s file on the portal and adds a screenshot from a phone', async () => {
    const page = await open(`/portal/tickets/${ticketNumber}`, 'rita');
    await page.setViewportSize(PHONE);
    const files = page.getByTestId('ticket-attachments');
    await files.locator('[data-testid="attachment"][data-name="error-panel.png"]').waitFor(LOADS);
    await files.getByTestId('attachment-input').setInputFiles({ name: 'my-screen.png', mimeType: 'image/png', buffer: PNG_BYTES });
    await files.locator('[data-testid="attachment"][data-name="my-screen.png"]').getByTestId('attachment-preview').waitFor();
    expect(await listed()).toEqual(expect.arrayContaining(['error-panel.png', 'my-screen.png']));
    const { scrollWidth, innerWidth } = await horizontalOverflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await screenshotForDocs(page, 'portal-attachments-phone.png');
    expect(cspViolationsOf(page)).toEqual([]);
  });
});
