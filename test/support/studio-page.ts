import type { Page } from 'playwright-core';

/**
 * Opens a deployed version in the studio's modeler. The studio's first load shows whichever process it
 * lists first (another test's, when they share the database), so this waits for that load to settle
 * before it picks the version, and again after.
 */
export async function openDefinition(page: Page, definitionId: string): Promise<void> {
  await page.getByTestId('modeler-canvas').locator('[data-element-id]').first().waitFor();
  await page.locator('.modeler:not(.busy)').waitFor();
  await page.getByTestId('definition-select').selectOption(definitionId);
  await page.waitForTimeout(300);
  await page.locator('.modeler:not(.busy)').waitFor();
}

/** Starts the latest version of `processId` from the studio's start form, with a business key. */
export async function startFromStudio(page: Page, processId: string, businessKey: string): Promise<void> {
  await page.getByTestId('start-process-select').locator(`option[value="${processId}"]`).waitFor({ state: 'attached' });
  await page.getByTestId('start-process-select').selectOption(processId);
  await page.getByTestId('business-key-input').fill(businessKey);
  await page.getByTestId('start-instance-button').click();
}
