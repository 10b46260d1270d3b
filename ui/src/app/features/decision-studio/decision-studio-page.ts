import { Component, DestroyRef, ElementRef, afterNextRender, computed, inject, signal, viewChild } from '@angular/core';
import type DmnModeler from 'dmn-js/lib/Modeler';
import type { DmnView } from 'dmn-js/lib/Modeler';
import { firstValueFrom } from 'rxjs';
import { describeDetail, toApiProblem } from '../../core/api/api-error';
import { DecisionDefinitionSummary, DecisionsApi } from '../../core/api/decisions-api';

/** The decision every Flowdesk install starts with; preselected when deployed. */
const DEFAULT_DECISION_ID = 'priority-matrix';

interface Status {
  kind: 'info' | 'success' | 'error';
  message: string;
  lines: string[];
}

const VIEW_LABELS: Record<string, string> = {
  drd: 'Requirements diagram',
  decisionTable: 'Decision table',
  literalExpression: 'Literal expression',
  boxedExpression: 'Boxed expression',
};

/**
 * The studio's DMN editor: open a deployed decision (the priority matrix, routing tables…), edit its
 * decision table, requirements diagram or literal expression with dmn-js, and deploy it as the next
 * version. Lazy-loaded, so dmn-js is fetched only here.
 */
@Component({
  selector: 'app-decision-studio-page',
  templateUrl: './decision-studio-page.html',
  styleUrl: './decision-studio-page.css',
})
export class DecisionStudioPage {
  private readonly api = inject(DecisionsApi);
  private readonly canvasRef = viewChild.required<ElementRef<HTMLElement>>('canvas');
  private modeler: DmnModeler | null = null;

  protected readonly all = signal<DecisionDefinitionSummary[]>([]);
  /** The newest version of each decision: what the picker offers. */
  protected readonly decisions = computed(() => {
    const seen = new Map<string, DecisionDefinitionSummary>();
    for (const d of this.all()) {
      const known = seen.get(d.decisionId);
      if (!known || known.version < d.version) seen.set(d.decisionId, d);
    }
    return [...seen.values()];
  });
  protected readonly selectedId = signal('');
  protected readonly versions = computed(() =>
    this.all()
      .filter((d) => d.decisionId === this.selectedId())
      .sort((a, b) => b.version - a.version),
  );
  protected readonly openedVersion = signal<number | null>(null);
  protected readonly views = signal<DmnView[]>([]);
  protected readonly activeView = signal<DmnView | null>(null);
  protected readonly loading = signal(false);
  protected readonly deploying = signal(false);
  protected readonly status = signal<Status | null>(null);

  constructor() {
    afterNextRender(() => void this.start());
    inject(DestroyRef).onDestroy(() => this.modeler?.destroy());
  }

  protected viewLabel(view: DmnView): string {
    return `${VIEW_LABELS[view.type] ?? view.type}${view.type === 'drd' ? '' : ': ' + (view.element.name || view.element.id)}`;
  }

  private async start(): Promise<void> {
    const { default: Modeler } = await import('dmn-js/lib/Modeler');
    const modeler = new Modeler({ container: this.canvasRef().nativeElement });
    this.modeler = modeler;
    modeler.on('views.changed', () => this.syncViews());
    await this.refresh();
    const first = this.decisions().find((d) => d.decisionId === DEFAULT_DECISION_ID) ?? this.decisions()[0];
    if (first) await this.open(first.decisionId);
    else this.status.set({ kind: 'info', message: 'No decisions are deployed yet.', lines: [] });
  }

  private syncViews(): void {
    const modeler = this.modeler;
    if (!modeler) return;
    this.views.set(modeler.getViews());
    this.activeView.set(modeler.getActiveView() ?? null);
  }

  private async refresh(): Promise<void> {
    try {
      this.all.set((await firstValueFrom(this.api.list())).items);
    } catch (error) {
      this.status.set({ kind: 'error', message: `Could not load the decisions: ${toApiProblem(error).message}`, lines: [] });
    }
  }

  protected async onSelect(event: Event): Promise<void> {
    const id = (event.target as HTMLSelectElement).value;
    if (id) await this.open(id);
  }

  protected async onVersion(event: Event): Promise<void> {
    const version = Number((event.target as HTMLSelectElement).value);
    if (version) await this.open(this.selectedId(), version);
  }

  protected async showView(view: DmnView): Promise<void> {
    await this.modeler?.open(view);
    this.syncViews();
  }

  private async open(decisionId: string, version?: number): Promise<void> {
    const modeler = this.modeler;
    if (!modeler) return;
    this.loading.set(true);
    this.selectedId.set(decisionId);
    try {
      const definition = await firstValueFrom(this.api.xml(decisionId, version));
      await modeler.importXML(definition.xml);
      this.openedVersion.set(definition.version);
      this.syncViews();
      // Open the decision itself (its table or expression) rather than the diagram of all of them.
      const own = modeler.getViews().find((v) => v.type !== 'drd' && v.element.id === decisionId);
      if (own) await this.showView(own);
      this.status.set({ kind: 'info', message: `Opened ${decisionId} v${definition.version}`, lines: [] });
    } catch (error) {
      this.status.set({ kind: 'error', message: `Could not open ${decisionId}: ${toApiProblem(error).message}`, lines: [] });
    } finally {
      this.loading.set(false);
    }
  }

  protected async deploy(): Promise<void> {
    const modeler = this.modeler;
    if (!modeler || this.deploying()) return;
    this.deploying.set(true);
    try {
      const { xml } = await modeler.saveXML({ format: true });
      const result = await firstValueFrom(this.api.deploy(xml));
      await this.refresh();
      const mine = result.decisions.find((d) => d.decisionId === this.selectedId()) ?? result.decisions[0];
      if (mine) this.openedVersion.set(mine.version);
      this.status.set({
        kind: 'success',
        message: result.created
          ? `Deployed ${result.decisions.map((d) => `${d.decisionId} v${d.version}`).join(', ')}`
          : 'Nothing changed: the deployed version is the same.',
        lines: [],
      });
    } catch (error) {
      const problem = toApiProblem(error);
      this.status.set({ kind: 'error', message: `Deploy refused: ${problem.message}`, lines: problem.details.map(describeDetail) });
    } finally {
      this.deploying.set(false);
    }
  }
}
