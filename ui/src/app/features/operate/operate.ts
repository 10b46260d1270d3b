import { Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { DatePipe } from '@angular/common';
import { Subject, catchError, exhaustMap, map, merge, of, timer } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../core/api/api-error';
import { InstanceStatus, ProcessInstanceSummary, StartedInstance } from '../../core/api/api-types';
import { FlowdeskApi } from '../../core/api/flowdesk-api';
import { InstanceViewer } from './instance-viewer';
import { ProblemMessage } from './problem-message';
import { StartInstanceForm } from './start-instance-form';
import { TaskCompleteForm } from './task-complete-form';

const REFRESH_MS = 2000;
const PAGE_SIZE = 20;

type ListResult = { page: { items: ProcessInstanceSummary[]; total: number } } | { problem: ApiProblem };

/** Process instances with their open tasks; refreshed every 2 s and after each action. */
@Component({
  selector: 'app-operate',
  imports: [DatePipe, InstanceViewer, ProblemMessage, StartInstanceForm, TaskCompleteForm],
  templateUrl: './operate.html',
  styleUrl: './operate.css',
})
export class Operate {
  private readonly api = inject(FlowdeskApi);
  private readonly refresh$ = new Subject<void>();

  protected readonly instances = signal<ProcessInstanceSummary[]>([]);
  protected readonly total = signal(0);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly loaded = signal(false);
  protected readonly refreshedAt = signal<Date | null>(null);
  protected readonly selectedId = signal<string | null>(null);
  protected readonly selected = computed(
    () => this.instances().find((i) => i.id === this.selectedId()) ?? null,
  );

  constructor() {
    merge(timer(0, REFRESH_MS), this.refresh$)
      .pipe(
        // exhaustMap, not switchMap: a list slower than the refresh period must still arrive, not be cancelled by the next tick.
        exhaustMap(() =>
          this.api.listInstances(PAGE_SIZE, 0).pipe(
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

  protected onStarted(instance: StartedInstance): void {
    this.selectedId.set(instance.id);
    this.refresh();
  }

  protected toggle(id: string): void {
    this.selectedId.update((current) => (current === id ? null : id));
  }

  protected statusClass(status: InstanceStatus): string {
    return `badge status-${status.toLowerCase().replace('_', '-')}`;
  }
}
