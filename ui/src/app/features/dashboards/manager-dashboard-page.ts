import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { NgxEchartsDirective, provideEchartsCore } from 'ngx-echarts';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { KpisApi, type KpiParams, type KpiReport } from '../../core/api/kpis-api';
import { backlogByAge, KPI_CHARTS, kpiOverTime } from './kpi-charts';

// Only the chart types and parts the dashboard draws: a fraction of the full echarts bundle.
echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const monthStart = (offset: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
};

/**
 * The manager's dashboard (issue 20): every KPI over time, one line per group (or agent, service,
 * priority, customer), the backlog by age, the numbers in a table and as CSV. Filters narrow all of it.
 */
@Component({
  selector: 'app-manager-dashboard-page',
  imports: [FormsModule, RouterLink, NgxEchartsDirective],
  providers: [provideEchartsCore({ echarts })],
  styleUrl: './dashboards.css',
  template: `
    <div class="dashboard">
      <header>
        <h1>KPIs</h1>
        <a routerLink="/dashboards/live">Group live view</a>
      </header>
      <form class="filters" (ngSubmit)="load()" data-testid="kpi-filters">
        <label>From <input type="date" name="from" [(ngModel)]="filters.from" required /></label>
        <label>To <input type="date" name="to" [(ngModel)]="filters.to" required /></label>
        <label
          >Period
          <select name="period" [(ngModel)]="filters.period">
            <option value="day">Day</option>
            <option value="week">Week</option>
            <option value="month">Month</option>
          </select>
        </label>
        <label
          >By
          <select name="by" [(ngModel)]="filters.by" data-testid="kpi-by">
            <option value="none">Whole desk</option>
            <option value="group">Group</option>
            <option value="agent">Agent</option>
            <option value="service">Service</option>
            <option value="priority">Priority</option>
            <option value="customer">Customer</option>
          </select>
        </label>
        <label>Group <input name="group" [(ngModel)]="filters.group" /></label>
        <label>Service <input name="service" [(ngModel)]="filters.service" data-testid="kpi-service" /></label>
        <label>Priority <input name="priority" [(ngModel)]="filters.priority" size="3" /></label>
        <button type="submit" data-testid="kpi-apply">Apply</button>
        <button type="button" (click)="downloadCsv()">CSV</button>
      </form>
      @if (error()) {
        <p role="alert" class="problem">{{ error() }}</p>
      }
      @if (report(); as r) {
        @if (r.missing.length) {
          <p class="missing" data-testid="kpi-missing">{{ missingText(r) }}</p>
        }
        <section class="charts">
          @for (c of charts(); track c.id) {
            <figure class="chart-card" [attr.data-testid]="'kpi-chart-' + c.id">
              <figcaption>{{ c.title }}</figcaption>
              <div echarts class="chart" [options]="c.options"></div>
            </figure>
          }
          <figure class="chart-card" data-testid="kpi-chart-backlog">
            <figcaption>Backlog by age (now)</figcaption>
            <div echarts class="chart" [options]="backlogChart()"></div>
          </figure>
        </section>
        <div class="numbers-wrap" tabindex="0" role="region" aria-label="KPI figures">
          <table class="numbers" data-testid="kpi-table">
            <thead>
              <tr>
                <th>Period</th>
                <th>{{ filters.by === 'none' ? '' : filters.by }}</th>
                <th>Created</th>
                <th>Resolved</th>
                <th>FRT (bh)</th>
                <th>MTTR (bh)</th>
                <th>Response SLA</th>
                <th>Resolution SLA</th>
                <th>FCR</th>
                <th>Reopened</th>
                <th>CSAT</th>
                <th>NPS</th>
                <th>CES</th>
                <th>Deflected</th>
              </tr>
            </thead>
            <tbody>
              @for (row of r.items; track row.period + row.key) {
                <tr>
                  <td>{{ row.period }}</td>
                  <td>{{ row.key }}</td>
                  <td>{{ row.created }}</td>
                  <td>{{ row.resolved }}</td>
                  <td>{{ hours(row.firstResponseBusinessAvgS) }}</td>
                  <td>{{ hours(row.resolutionBusinessAvgS) }}</td>
                  <td>{{ pct(row.responseCompliance) }}</td>
                  <td>{{ pct(row.resolutionCompliance) }}</td>
                  <td>{{ pct(row.firstContactResolution) }}</td>
                  <td>{{ pct(row.reopenRate) }}</td>
                  <td>{{ pct(row.csatSatisfied) }}</td>
                  <td>{{ row.nps === null ? '–' : row.nps.toFixed(0) }}</td>
                  <td>{{ row.cesAverage === null ? '–' : row.cesAverage.toFixed(1) }}</td>
                  <td>{{ pct(row.deflectionRate) }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </div>
  `,
})
export class ManagerDashboardPage {
  private readonly api = inject(KpisApi);
  protected readonly filters = {
    from: monthStart(-5),
    to: monthStart(1),
    period: 'month',
    by: 'group',
    group: '',
    service: '',
    priority: '',
  };
  protected readonly report = signal<KpiReport | null>(null);
  protected readonly charts = signal<Array<{ id: string; title: string; options: EChartsCoreOption }>>([]);
  protected readonly backlogChart = signal<EChartsCoreOption>({});
  protected readonly error = signal<string | null>(null);

  constructor() {
    this.load();
  }

  protected load(): void {
    this.error.set(null);
    const params = this.params();
    this.api.summary(params).subscribe({
      next: (report) => {
        this.report.set(report);
        const label = (key: string | null) => (this.filters.by === 'none' ? 'desk' : (key ?? '(none)'));
        this.charts.set(KPI_CHARTS.map((c) => ({ id: c.id, title: c.title, options: kpiOverTime(c, report.items, label) })));
      },
      error: (err: { error?: { message?: string } }) => this.error.set(err.error?.message ?? 'The KPIs could not be read.'),
    });
    const { group, service, priority } = this.filters;
    const by = this.filters.by === 'none' ? 'group' : this.filters.by;
    this.api.backlog({ by, group, service, priority }).subscribe({
      next: (b) => this.backlogChart.set(backlogByAge(b.items, (k) => k ?? '(none)')),
    });
  }

  protected downloadCsv(): void {
    this.api.summaryCsv(this.params()).subscribe((csv) => {
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'kpis.csv';
      a.click();
      URL.revokeObjectURL(url);
    });
  }

  protected missingText(r: KpiReport): string {
    return r.missing.map((m) => `${m.kpi.toUpperCase()}: ${m.reason}`).join(' · ');
  }

  protected hours(s: number | null): string {
    return s === null ? '–' : (s / 3600).toFixed(1);
  }

  protected pct(r: number | null): string {
    return r === null ? '–' : `${Math.round(r * 100)} %`;
  }

  private params(): KpiParams {
    const { from, to, period, by, group, service, priority } = this.filters;
    return {
      from: `${from}T00:00:00Z`,
      to: `${to}T00:00:00Z`,
      period,
      by,
      group,
      service,
      priority,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    };
  }
}
