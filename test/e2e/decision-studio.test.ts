import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/browser';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

// A decision id of its own per run: other browser tests deploy "priority-matrix" into the same database.
const DECISION_ID = `priority-matrix-studio-${Date.now().toString(36)}`;
const matrixXml = readFileSync(repoFile('workflows/decisions/priority-matrix.dmn'), 'utf8').replace(
  /"priority-matrix"/g,
  `"${DECISION_ID}"`,
);

/**
 * The studio's DMN editor (issue 16): Marta opens the priority matrix, changes an output cell of its
 * decision table, deploys, and the new version is listed and served with the changed cell.
 */
describe('browser: decision studio', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    const deployed = await system.injectAs('marta', { method: 'POST', url: '/decision-definitions', payload: { xml: matrixXml } });
    expect(deployed.statusCode).toBe(201);
    browser = await launchChromium();
    page = await signedInPage(browser, system.url, 'marta');
  });
  afterAll(async () => {
    await page?.goto('about:blank');
    await browser?.close();
    await system?.close();
  });

  it('changes an output cell of the priority matrix, deploys, and lists the new version', async () => {
    // given the studio's link to the decisions page, and the matrix opened there
    await page.getByTestId('decisions-link').click();
    await page.waitForURL(/\/processes\/decisions$/);
    const select = page.getByTestId('decision-select');
    await select.locator(`option[value="${DECISION_ID}"]`).waitFor({ state: 'attached' });
    await select.selectOption(DECISION_ID);
    await page
      .getByTestId('decision-status')
      .filter({ hasText: `Opened ${DECISION_ID} v1` })
      .waitFor();
    const canvas = page.getByTestId('dmn-canvas');
    const cell = canvas.locator('td[data-element-id="LiteralExpression_HighImpact_HighUrgency"]');
    await cell.filter({ hasText: '"P1"' }).waitFor();

    // when Marta makes high impact, high urgency a P2 and deploys
    await cell.locator('[contenteditable]').first().click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('"P2"');
    await canvas
      .locator('td[data-element-id="UnaryTests_LowImpact_LowUrgency_Impact"]')
      .click()
      .catch(() => undefined);
    await page.getByTestId('decision-deploy-button').click();

    // then version 2 is deployed, listed, and carries the changed cell
    await page
      .getByTestId('decision-status')
      .filter({ hasText: `Deployed ${DECISION_ID} v2` })
      .waitFor();
    await page.getByTestId('decision-version-select').locator('option[value="2"]').waitFor({ state: 'attached' });
    const v2 = await system.injectAs('marta', { method: 'GET', url: `/decision-definitions/${DECISION_ID}/xml` });
    const xml = (v2.result as { version: number; xml: string }).xml;
    expect((v2.result as { version: number }).version).toBe(2);
    expect(xml).toMatch(/id="LiteralExpression_HighImpact_HighUrgency">\s*<text>"P2"<\/text>/);
  });
});
