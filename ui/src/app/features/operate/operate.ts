import { Component, ElementRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { DatePipe } from '@angular/common';
import { RouterLink } from '@angular/router';
import { Subject, catchError, exhaustMap, map, merge, of, timer } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../core/api/api-error';
import { InstanceFilter, InstanceStatus, ProcessInstanceSummary, StartedInstance } from '../../core/api/api-types';
import { DefinitionsStore } from '../../core/api/definitions-store';
import { FlowdeskApi } from '../../core/api/flowdesk-api';
import { InstanceViewer } from './instance-viewer';
import { ProblemMessage } from './problem-message';
import { StartInstanceForm } from './start-instance-form';
import { TaskManage } from './task-manage';
import { TaskCompleteForm } from '../../shared/task-form/task-complete-form';
import { TaskDenialNotice } from '../../shared/task-form/task-denial';

const REFRESH_MS = 2000;
const PAGE_SIZE = 20;

type ListResult = { page: { items: ProcessInstanceSummary[]; total: number } } | { problem: ApiProblem };

/**
 * Process instances with their open tasks; refreshed every 2 s and after each action. A ticket's
 * tasks link to the ticket's page, where the desk's actions complete them; other tasks can be
 * completed here, with a warning (and an audit entry). Any open task can be assigned or rescheduled.
 * A task listener's denial shows next to what it refused: a completion's at the completion form.
 */
@Component({
  selector: 'app-operate',
  imports: [DatePipe, InstanceViewer, ProblemMessage, RouterLink, StartInstanceForm, TaskCompleteForm, TaskDenialNotice, TaskManage],
  templateUrl: './operate.html',
  styleUrl: './operate.css',
})
export class Operate {
  private readonly api = inject(FlowdeskApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly refresh$ = new Subject<void>();
  protected readonly processIds = inject(DefinitionsStore).processIds;

  /** Filters and page of the list; a change reloads at once. */
  protected readonly filter = signal<InstanceFilter>({});
  protected readonly offset = signal(0);
  protected readonly pageSize = PAGE_SIZE;

  protected readonly instances = signal<ProcessInstanceSummary[]>([]);
  protected readonly total = signal(0);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly loaded = signal(false);
  protected readonly refreshedAt = signal<Date | null>(null);
  protected readonly selectedId = signal<string | null>(null);
  protected readonly selected = computed(() => this.instances().find((i) => i.id === this.selectedId()) ?? null);

  constructor() {
    merge(timer(0, REFRESH_MS), this.refresh$)
      .pipe(
        // exhaustMap, not switchMap: a list slower than the refresh period must still arrive, not be cancelled by the next tick.
        exhaustMap(() =>
          this.api.listInstances(PAGE_SIZE, this.offset(), this.filter()).pipe(
            map((page): ListResult => ({ page })),
            catchError((error: unknown) => of<ListResult>({ problem: toApiProblem(error) })),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((result) => {
        this.loaded.set(true);
        if ('problem' in result) {
          this.problem.set(result.problem);
          return;
        }
        this.problem.set(null);
        this.instances.set(result.page.items);
        this.total.set(result.page.total);
        this.refreshedAt.set(new Date());
      });
  }

  protected refresh(): void {
    this.refresh$.next();
  }

  /** One filter field changed (from the filter bar): back to the first page. */
  protected setFilter(key: keyof InstanceFilter, event: Event): void {
    const raw = (event.target as HTMLInputElement | HTMLSelectElement).value.trim();
    const value = key === 'hasIncident' ? (raw === '' ? undefined : raw === 'true') : raw || undefined;
    this.filter.update((f) => ({ ...f, [key]: value }));
    this.offset.set(0);
    this.refresh();
  }

  protected page(delta: number): void {
    this.offset.update((o) => Math.max(0, o + delta * PAGE_SIZE));
    this.refresh();
  }

  protected onStarted(instance: StartedInstance): void {
    this.selectedId.set(instance.id);
    this.refresh();
  }

  protected toggle(id: string): void {
    this.selectedId.update((current) => (current === id ? null : id));
    // Beside the list it is already in view; above it (narrow screens) it may be scrolled away.
    if (this.selectedId())
      setTimeout(() => this.host.nativeElement.querySelector('app-instance-viewer')?.scrollIntoView({ block: 'nearest' }));
  }

  protected statusClass(status: InstanceStatus): string {
    return `badge status-${status.toLowerCase().replace('_', '-')}`;
  }
}
