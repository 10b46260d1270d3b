import type { Locator, Page } from 'playwright-core';

/**
 * Driving the form-js editor (palette, canvas, properties panel) as a person does, for the browser
 * tests of the screens that embed it: the catalog item's request form and the studio's task forms.
 */

/** Drags a palette entry onto the form, as a person does with the mouse (dragula listens to mouse events). */
export async function dragFromPalette(page: Page, editor: Locator, type: string): Promise<void> {
  await editor.scrollIntoViewIfNeeded();
  const entry = editor.locator(`.fjs-palette-field[data-field-type="${type}"]`);
  const target = editor.locator('.fjs-editor-form-root');
  const from = (await entry.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height - 8, { steps: 10 });
  await page.mouse.up();
  await editor.locator(`.fjs-editor-selected[data-field-type="${type}"]`).waitFor();
}

/**
 * The editor's own properties panel: a page may hold another one (the studio's BPMN properties panel
 * has a "General" group too), so entries are looked up inside the form editor.
 */
function panelOf(page: Page): Locator {
  return page.getByTestId('form-editor').locator('.fjs-properties-container');
}

export async function openGroup(page: Page, group: string): Promise<void> {
  const header = panelOf(page).locator(`[data-group-id="group-${group}"] .bio-properties-panel-group-header`);
  if (!(await header.getAttribute('class'))?.includes('open')) await header.click();
}

/** Types into the selected field's properties panel entry (a plain input, or a FEEL/templating editor). */
export async function setProperty(page: Page, entryId: string, value: string, templated = false, group = 'general'): Promise<void> {
  await openGroup(page, group);
  const entry = panelOf(page).locator(`[data-entry-id="${entryId}"]`);
  if (templated) {
    const editable = entry.locator('[contenteditable="true"]').first();
    await editable.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(value);
  } else {
    await entry.locator('input').first().fill(value);
  }
}

export async function setCheckbox(page: Page, group: string, entryId: string): Promise<void> {
  await openGroup(page, group);
  await panelOf(page).locator(`[data-entry-id="${entryId}"] input[type="checkbox"]`).check();
}
