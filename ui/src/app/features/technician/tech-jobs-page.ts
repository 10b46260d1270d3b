import { DatePipe } from '@angular/common';
import { Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { FieldOutbox } from './field-outbox';
import { isOn } from './job-state';
import { JobsMap, MapPin } from './jobs-map';
import { OutboxIndicator } from './outbox-indicator';
import { TechJobs } from './tech-jobs';
import { registerTechWorker } from './tech-worker';

const FINISHED = ['completed', 'report_sent', 'closed', 'cancelled'];

/** The technician's phone: today's jobs on a list and a map, and what is still to sync. */
@Component({
  selector: 'app-tech-jobs-page',
  imports: [RouterLink, DatePipe, JobsMap, OutboxIndicator],
  template: `
    <section class="tech">
      <div class="top">
        <h2>Today's jobs</h2>
        <app-outbox-indicator />
      </div>
      @if (jobsStore.error()) {
        <p class="status error" role="alert">{{ jobsStore.error() }}</p>
      }
      <app-jobs-map [pins]="pins()" />
      <ul class="jobs" data-testid="tech-jobs">
        @for (job of today(); track job.workOrder.number) {
          <li>
            <a class="job card" [routerLink]="['/tech/jobs', job.workOrder.number]" [attr.data-testid]="'tech-job-' + job.workOrder.number">
              <span class="when"
                >{{ job.workOrder.window.startsAt | date: 'HH:mm' }}–{{ job.workOrder.window.endsAt | date: 'HH:mm' }}</span
              >
              <strong>{{ titles()[job.workOrder.number] || job.workOrder.workType }}</strong>
              <span class="meta"
                >{{ job.workOrder.number }} · {{ job.workOrder.priority }} ·
                <span class="badge" [attr.data-testid]="'tech-job-status-' + job.workOrder.number">{{
                  job.rejected ? 'rejected' : job.status
                }}</span></span
              >
            </a>
          </li>
        } @empty {
          <li class="hint">No jobs for today{{ jobsStore.loadedAt() ? '' : ' (not loaded yet)' }}.</li>
        }
      </ul>
      @if (jobsStore.loadedAt(); as at) {
        <p class="hint">As of {{ at | date: 'HH:mm:ss' }}</p>
      }
    </section>
  `,
  styles: `
    .tech {
      max-width: 40rem;
      margin: 0 auto;
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
    }
    .top {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      align-items: center;
      gap: 0.5rem;
    }
    .jobs {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
    }
    .job {
      display: flex;
      flex-direction: column;
      color: inherit;
      text-decoration: none;
      padding: 0.7rem 0.9rem;
    }
    .when {
      font-weight: 700;
      color: var(--accent);
    }
    .meta {
      color: var(--muted);
      font-size: 0.85rem;
    }
  `,
})
export class TechJobsPage {
  protected readonly jobsStore = inject(TechJobs);
  private readonly outbox = inject(FieldOutbox);
  protected readonly titles = this.jobsStore.titles;
  /** Today's, and any open job from before that is still the technician's. */
  protected readonly today = computed(() =>
    this.jobsStore
      .jobs()
      .filter(
        (j) =>
          !j.rejected &&
          (isOn(j.workOrder, new Date()) || (!FINISHED.includes(j.status) && Date.parse(j.workOrder.window.endsAt) < Date.now())),
      )
      .sort((a, b) => a.workOrder.window.startsAt.localeCompare(b.workOrder.window.startsAt)),
  );
  protected readonly pins = computed<MapPin[]>(() => {
    const locations = this.jobsStore.locations();
    return this.today().flatMap((j) => {
      const at = locations[j.workOrder.siteId];
      return at
        ? [
            {
              number: j.workOrder.number,
              label: this.titles()[j.workOrder.number] ?? j.workOrder.workType,
              latitude: at.latitude,
              longitude: at.longitude,
              done: FINISHED.includes(j.status),
            },
          ]
        : [];
    });
  });

  constructor() {
    registerTechWorker();
    void this.outbox.ready.then(() => this.jobsStore.refresh());
  }
}
