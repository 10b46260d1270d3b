import { Component, DestroyRef, ElementRef, Injector, afterNextRender, computed, inject, input, signal, viewChild } from '@angular/core';
import { DatePipe } from '@angular/common';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { firstValueFrom } from 'rxjs';
import { describeDetail, toApiProblem } from '../../core/api/api-error';
import { FlowdeskApi } from '../../core/api/flowdesk-api';
import { WhatIfApi, WhatIfElementTotals, WhatIfInstance, WhatIfOutcome, WhatIfRun } from '../../core/api/what-if-api';

/** Ticket numbers as the API makes them (service-catalog/tickets/domain/ticket-types.ts): those link to the desk. */
const TICKET_NUMBER = /^(INC|PRB|CHG|REQ|WO)\d{7,}$/;
const STATUSES = ['completed', 'waiting', 'incident', 'terminated', 'not-started'] as const;

interface OverlaysApi {
  add(
    elementId: string,
    type: string,
    overlay: { position: { top?: number; right?: number; bottom?: number; left?: number }; html: string },
  ): string;
  remove(filter: { type: string }): void;
}
interface CanvasApi {
  addMarker(element: string, marker: string): void;
  zoom(level: string): void;
}
interface RegistryApi {
  get(id: string): unknown;
}

/** What changed for one diverging instance, as the list's tags say it. */
export interface Divergence {
  path: boolean;
  wait: boolean;
  failure: boolean;
  sla: boolean;
}

/** Sorts one instance's difference into path, wait, failure (incidents, events that no longer fit) and SLA. */
export function divergenceOf(recorded: WhatIfOutcome | null, candidate: WhatIfOutcome | null): Divergence {
  const waits = (o: WhatIfOutcome | null) => (o?.waits ?? []).map((w) => w.elementId).join();
  return {
    path: (recorded?.path ?? []).join() !== (candidate?.path ?? []).join(),
    wait: waits(recorded) !== waits(candidate),
    failure: !!candidate && (candidate.incidents.length > 0 || candidate.unfit.length > 0 || candidate.status === 'incident'),
    sla: (recorded?.sla ?? null) !== (candidate?.sla ?? null),
  };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The studio's "What if?": the diagram being edited (a draft or an opened file) replayed on a period's
 * tickets (docs/what-if.md). The run is a worker's job; the panel polls its progress, then shows today's
 * diagram and the candidate side by side, each with a heatmap of how many instances entered each
 * element (and, on the candidate, how many wait, fail or had an event refused there), the outcomes per
 * side and the tickets that diverge, each linking to the ticket.
 */
@Component({
  selector: 'app-what-if-panel',
  imports: [DatePipe, FormsModule, RouterLink],
  templateUrl: './what-if-panel.html',
  styleUrl: './what-if-panel.css',
})
export class WhatIfPanel {
  /** A deployed version of the edited process: names the process, and is "today" in the comparison. */
  readonly baseId = input.required<string>();
  readonly baseVersion = input.required<number>();
  /** The candidate: the studio's current diagram as XML. */
  readonly candidateXml = input.required<() => Promise<string>>();

  private readonly api = inject(WhatIfApi);
  private readonly flowdesk = inject(FlowdeskApi);
  private readonly injector = inject(Injector);
  private readonly todayRef = viewChild<ElementRef<HTMLElement>>('today');
  private readonly candidateRef = viewChild<ElementRef<HTMLElement>>('candidate');
  private viewers: NavigatedViewer[] = [];
  private polling: ReturnType<typeof setInterval> | null = null;

  protected readonly from = signal(isoDay(new Date(Date.now() - 30 * 86_400_000)));
  protected readonly to = signal(isoDay(new Date(Date.now() + 86_400_000)));
  protected readonly slaHours = signal<number | null>(null);
  protected readonly busy = signal(false);
  protected readonly problem = signal<{ message: string; lines: Array<{ text: string; elementId?: string }> } | null>(null);
  protected readonly run = signal<WhatIfRun | null>(null);
  protected readonly diverging = signal<Array<WhatIfInstance & { changed: Divergence; ticket: string | null }>>([]);
  protected readonly divergingTotal = signal(0);
  protected readonly done = computed(() => (this.run()?.counts.replayed ?? 0) + (this.run()?.counts.failed ?? 0));
  protected readonly outcomes = computed(() => {
    const o = this.run()?.totals?.outcomes;
    return STATUSES.map((status) => ({ status, recorded: o?.recorded?.[status] ?? 0, candidate: o?.candidate?.[status] ?? 0 })).filter(
      (row) => row.recorded || row.candidate,
    );
  });
  protected readonly elements = computed(() =>
    [...(this.run()?.totals?.elements ?? [])].sort(
      (a, b) => b.candidate + b.recorded - (a.candidate + a.recorded) || (a.elementId < b.elementId ? -1 : 1),
    ),
  );

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.stopPolling();
      for (const v of this.viewers) v.destroy();
    });
  }

  protected async start(): Promise<void> {
    if (this.busy()) return;
    this.stopPolling();
    this.busy.set(true);
    this.problem.set(null);
    this.run.set(null);
    this.diverging.set([]);
    try {
      const xml = await this.candidateXml()();
      const sla = this.slaHours();
      const run = await firstValueFrom(
        this.api.start(this.baseId(), {
          xml,
          from: new Date(`${this.from()}T00:00:00`).toISOString(),
          to: new Date(`${this.to()}T00:00:00`).toISOString(),
          ...(sla ? { slaHours: sla } : {}),
        }),
      );
      this.run.set(run);
      this.polling = setInterval(() => void this.refresh(xml), 1000);
    } catch (error) {
      const problem = toApiProblem(error);
      this.problem.set({
        message: problem.message,
        lines: problem.details.map((d) => ({ text: describeDetail(d), ...(d.elementId ? { elementId: d.elementId } : {}) })),
      });
      this.busy.set(false);
    }
  }

  private async refresh(xml: string): Promise<void> {
    const current = this.run();
    if (!current) return;
    try {
      const run = await firstValueFrom(this.api.get(current.id));
      this.run.set(run);
      if (run.state !== 'finished') return;
      this.stopPolling();
      const { items, total } = await firstValueFrom(this.api.diverging(run.id));
      this.diverging.set(
        items.map((i) => ({
          ...i,
          changed: divergenceOf(i.recorded, i.candidate),
          ticket: i.businessKey && TICKET_NUMBER.test(i.businessKey) ? i.businessKey : null,
        })),
      );
      this.divergingTotal.set(total);
      const today = await firstValueFrom(this.flowdesk.getDefinition(this.baseId()));
      afterNextRender(() => void this.paint(today.xml, xml, run.totals?.elements ?? []), { injector: this.injector });
    } catch (error) {
      this.stopPolling();
      this.problem.set({ message: `Could not read the what-if run: ${toApiProblem(error).message}`, lines: [] });
    } finally {
      if (!this.polling) this.busy.set(false);
    }
  }

  /** Both diagrams, each with its counts as badges and its elements shaded by how many instances entered them. */
  private async paint(todayXml: string, candidateXml: string, elements: WhatIfElementTotals[]): Promise<void> {
    for (const v of this.viewers) v.destroy();
    this.viewers = [];
    const max = Math.max(1, ...elements.map((e) => Math.max(e.recorded, e.candidate)));
    const sides: Array<[ElementRef<HTMLElement> | undefined, string, 'recorded' | 'candidate']> = [
      [this.todayRef(), todayXml, 'recorded'],
      [this.candidateRef(), candidateXml, 'candidate'],
    ];
    for (const [ref, xml, side] of sides) {
      if (!ref) continue;
      const viewer = new NavigatedViewer({ container: ref.nativeElement });
      this.viewers.push(viewer);
      try {
        await viewer.importXML(xml);
      } catch {
        continue;
      }
      const canvas = viewer.get<CanvasApi>('canvas');
      const overlays = viewer.get<OverlaysApi>('overlays');
      const registry = viewer.get<RegistryApi>('elementRegistry');
      canvas.zoom('fit-viewport');
      for (const e of elements) {
        const count = e[side];
        if (!registry.get(e.elementId)) continue;
        const trouble = side === 'candidate' ? e.waiting + e.incidents + e.unfit : 0;
        if (!count && !trouble) continue;
        if (count) canvas.addMarker(e.elementId, `heat-${Math.min(4, Math.ceil((4 * count) / max))}`);
        if (side === 'candidate' && e.incidents + e.unfit) canvas.addMarker(e.elementId, 'heat-trouble');
        const badges = [
          `<span class="element-count" data-heat-side="${side}" data-element-id="${escape(e.elementId)}" title="instances that entered ${escape(e.elementId)}">${count}</span>`,
        ];
        if (side === 'candidate' && e.waiting)
          badges.push(`<span class="element-count waiting" title="instances that would wait here">${e.waiting} wait</span>`);
        if (side === 'candidate' && e.incidents + e.unfit)
          badges.push(
            `<span class="element-count incidents" title="incidents and events that no longer fit here">${e.incidents + e.unfit} fail</span>`,
          );
        overlays.add(e.elementId, 'what-if', { position: { top: -10, right: 10 }, html: `<span>${badges.join(' ')}</span>` });
      }
    }
  }

  protected changedWords(c: Divergence): string[] {
    return [c.path && 'path', c.wait && 'wait', c.failure && 'failure', c.sla && 'SLA'].filter((w): w is string => !!w);
  }

  private stopPolling(): void {
    if (this.polling) clearInterval(this.polling);
    this.polling = null;
  }
}
