import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { screenshotForDocs } from '../support/page-checks';
import { offerService } from '../support/services';
import { TestSystem } from '../support/test-system';

const HOUR = 3_600_000;

/**
 * Marta, the desk's manager, reads the KPI dashboard: charts of every KPI by group over the last
 * months (NPS, CES, deflection and MTTR without caller waits too), the numbers in a table, and why
 * self-service has no figure by group; then a group lead's live view.
 */
describe('browser: the manager reads the KPI dashboard', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page | undefined;
  const tag = randomUUID().slice(0, 8);
  const service = `kpi-ui-${tag}`;
  const group = `kpi-ui-${tag}`;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    await offerService(system, service);
    const em: EntityManager = system.adminEm();
    const org = (await em.findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    // Two resolved tickets a day apart this month and one still open that breaches within the hour.
    const now = Date.now();
    const rows = [
      { n: 1, created: now - 30 * HOUR, responded: now - 29 * HOUR, resolved: now - 20 * HOUR, due: now - 10 * HOUR, state: 'closed' },
      { n: 2, created: now - 6 * HOUR, responded: now - 5 * HOUR, resolved: now - 2 * HOUR, due: now - 3 * HOUR, state: 'closed' },
      { n: 3, created: now - 3 * HOUR, responded: null, resolved: null, due: now + 0.5 * HOUR, state: 'in_progress' },
    ];
    const ids: string[] = [];
    for (const r of rows) {
      ids.push(randomUUID());
      await em.execute(
        `insert into ticket (id, number, type, title, description, state, tags, created_at, updated_at, organization_id, assignment_group,
           service, priority, first_responded_at, resolved_at, resolution_due_at)
         values (?, ?, 'incident', ?, '', ?, '{}', ?, now(), ?, ?, ?, 'P2', ?, ?, ?)`,
        [
          ids.at(-1),
          `KPIUI${tag}-${r.n}`,
          `Dashboard fixture ${r.n}`,
          r.state,
          new Date(r.created),
          org,
          group,
          service,
          r.responded && new Date(r.responded),
          r.resolved && new Date(r.resolved),
          new Date(r.due),
        ],
      );
    }
    // The first ticket's caller answered the survey: CSAT 5, NPS 9 (a promoter), CES 2.
    await em.execute(
      `insert into survey_answer (id, ticket_id, nonce, organization_id, group_key, csat, nps, ces, answered_at) values (?, ?, ?, ?, ?, 5, 9, 2, now())`,
      [randomUUID(), ids[0], randomUUID(), org, group],
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await page?.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  it('shows every KPI as a chart by group, with the numbers, filtered to one service', async () => {
    page = await signedInPage(browser, `${system.url}/dashboards`, 'marta');
    await page.getByTestId('kpi-service').fill(service);
    await page.getByTestId('kpi-apply').click();
    const table = page.getByTestId('kpi-table');
    await table.getByText(group).first().waitFor();
    const cells = await table.locator('tbody tr').first().locator('td').allTextContents();
    // The group's row this month: 3 created, 2 resolved, resolution SLA met by one of the two.
    expect(cells.slice(1, 4)).toEqual([group, '3', '2']);
    expect(cells[7]).toBe('50 %');
    // NPS of one promoter: 100; CES 2; deflection is not attributable to a group ('–').
    expect(cells.slice(11, 14)).toEqual(['100', '2.0', '–']);
    const charts = ['frt', 'mttr', 'mttr-active', 'response-sla', 'resolution-sla', 'fcr', 'reopen', 'csat', 'nps', 'ces'];
    for (const chart of [...charts, 'deflection', 'self-service', 'created', 'backlog']) {
      await page.getByTestId(`kpi-chart-${chart}`).locator('canvas').waitFor();
    }
    await expect(page.getByTestId('kpi-missing').textContent()).resolves.toContain('DEFLECTION');
    await screenshotForDocs(page, 'dashboard-kpis.png');
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('shows a group lead who is on what and what breaches within the hour', async () => {
    await page!.goto(`${system.url}/dashboards/live?group=${group}`);
    await page!.getByTestId('live-breaching').getByText(`KPIUI${tag}-3`).waitFor();
    await expect(page!.getByTestId('live-work').textContent()).resolves.toContain('unassigned');
    await screenshotForDocs(page!, 'dashboard-live.png');
  });
});
