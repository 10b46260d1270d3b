import {
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { DatePipe, JsonPipe } from '@angular/common';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { Observable, firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../core/api/api-error';
import { MigrationPlan, ProcessInstanceDetail, ProcessInstanceSummary } from '../../core/api/api-types';
import { DefinitionsStore } from '../../core/api/definitions-store';
import { FlowdeskApi } from '../../core/api/flowdesk-api';
import { MarkerSet } from '../../core/bpmn/marker-set';
import { UserTimeZone } from '../../core/time/user-time-zone';
import { ProblemMessage } from './problem-message';
import { WaitList } from './wait-list';
import { AdHocActivations, type AdHocActivationRequest } from './ad-hoc-activations';

interface OverlaysApi {
  add(
    elementId: string,
    type: string,
    overlay: { position: { bottom?: number; right?: number; top?: number; left?: number }; html: string },
  ): string;
  remove(filter: { type: string }): void;
}

/** Read-only diagram of one instance, its active elements highlighted. */
@Component({
  selector: 'app-instance-viewer',
  imports: [AdHocActivations, DatePipe, JsonPipe, ProblemMessage, WaitList],
  templateUrl: './instance-viewer.html',
  styleUrl: './instance-viewer.css',
})
export class InstanceViewer {
  private readonly api = inject(FlowdeskApi);
  private readonly zone = inject(UserTimeZone).zone;
  private readonly canvasRef = viewChild.required<ElementRef<HTMLElement>>('canvas');

  /** The instance as last listed; a change of status or tokens reloads the detail. */
  readonly instance = input.required<ProcessInstanceSummary>();
  readonly closed = output<void>();
  /** An operation changed the instance: the list should refresh. */
  readonly changed = output<void>();

  private viewer: NavigatedViewer | null = null;
  private activeMarkers: MarkerSet | null = null;
  private visitedMarkers: MarkerSet | null = null;
  private incidentMarkers: MarkerSet | null = null;
  private loadedDefinitionId: string | null = null;
  private requestSeq = 0;

  private readonly ready = signal(false);
  protected readonly detail = signal<ProcessInstanceDetail | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly history = computed(() => [...(this.detail()?.history ?? [])].reverse());
  protected readonly variableEntries = computed(() =>
    Object.entries(this.detail()?.variables ?? {}).map(([name, value]) => ({ name, json: JSON.stringify(value) })),
  );
  protected readonly busy = signal(false);
  protected readonly actionProblem = signal<ApiProblem | null>(null);
  /** Why the diagram is not drawn, when it is not; the rest of the panel works without it. */
  protected readonly diagramProblem = signal<string | null>(null);
  /** The variable being edited: its name and JSON text; a reason is required to save. */
  protected readonly editing = signal<{ name: string; json: string } | null>(null);
  protected readonly reason = signal('');
  private readonly definitions = inject(DefinitionsStore).items;
  /** Other unarchived versions of this instance's process: where it can be moved. */
  protected readonly otherVersions = computed(() =>
    this.definitions().filter((d) => d.processId === this.instance().processId && d.version !== this.instance().version && !d.archivedAt),
  );
  protected readonly migrationTarget = signal('');
  protected readonly migrationPlan = signal<MigrationPlan | null>(null);

  /** Changes whenever the instance moved on. */
  private readonly progressKey = computed(() => {
    const i = this.instance();
    return `${i.id}|${i.status}|${i.activeElementIds.join(',')}|${i.openTasks.map((t) => t.id).join(',')}`;
  });

  constructor() {
    afterNextRender(() => {
      const viewer = new NavigatedViewer({ container: this.canvasRef().nativeElement });
      this.viewer = viewer;
      this.activeMarkers = new MarkerSet(viewer, 'active-token');
      this.visitedMarkers = new MarkerSet(viewer, 'visited');
      this.incidentMarkers = new MarkerSet(viewer, 'incident');
      this.ready.set(true);
    });
    inject(DestroyRef).onDestroy(() => this.viewer?.destroy());
    effect(() => {
      this.progressKey();
      // The waits' sentences say times in the reader's zone: choosing another asks again.
      this.zone();
      if (this.ready()) {
        untracked(() => void this.load());
      }
    });
  }

  protected async retry(key: number | undefined): Promise<void> {
    if (key === undefined) return;
    await this.run(() => this.api.retryIncident(this.instance().id, key));
  }

  protected async activateAdHoc(request: AdHocActivationRequest): Promise<void> {
    const element = { elementId: request.elementId, ...(request.variables ? { variables: request.variables } : {}) };
    await this.run(() => this.api.activateAdHocElements(this.instance().id, request.key, [element]));
  }

  protected async cancel(): Promise<void> {
    const reason = this.reason().trim();
    if (reason.length < 3) {
      this.actionProblem.set({ message: 'Give a reason (at least 3 characters) to cancel', details: [], status: 400 });
      return;
    }
    await this.run(() => this.api.cancelInstance(this.instance().id, reason));
  }

  protected async previewMigration(): Promise<void> {
    const target = this.migrationTarget();
    if (!target) return;
    this.actionProblem.set(null);
    try {
      this.migrationPlan.set(await firstValueFrom(this.api.migrate(this.instance().id, target, true)));
    } catch (error) {
      this.actionProblem.set(toApiProblem(error));
    }
  }

  protected async migrate(): Promise<void> {
    const target = this.migrationTarget();
    if (target && (await this.run(() => this.api.migrate(this.instance().id, target, false)))) this.migrationPlan.set(null);
  }

  protected edit(name: string, json: string): void {
    this.editing.set({ name, json });
  }

  protected async saveVariable(): Promise<void> {
    const edit = this.editing();
    if (!edit) return;
    let value: unknown;
    try {
      value = JSON.parse(edit.json);
    } catch {
      this.actionProblem.set({ message: `The value of ${edit.name} is not JSON`, details: [], status: 400 });
      return;
    }
    const reason = this.reason().trim();
    if (reason.length < 3) {
      this.actionProblem.set({ message: 'Give a reason (at least 3 characters) for the change', details: [], status: 400 });
      return;
    }
    if (await this.run(() => this.api.setVariables(this.instance().id, { [edit.name]: value }, reason))) this.editing.set(null);
  }

  protected input(event: Event): string {
    return (event.target as HTMLInputElement | HTMLTextAreaElement).value;
  }

  private async run(action: () => Observable<unknown>): Promise<boolean> {
    this.busy.set(true);
    this.actionProblem.set(null);
    try {
      await firstValueFrom(action());
      await this.load();
      this.changed.emit();
      return true;
    } catch (error) {
      this.actionProblem.set(toApiProblem(error));
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  /** Per-element counts (how often each element ran in this instance) as badges on the diagram. */
  private paintCounts(detail: ProcessInstanceDetail): void {
    const overlays = this.viewer?.get<OverlaysApi>('overlays');
    if (!overlays) return;
    overlays.remove({ type: 'element-count' });
    const registry = this.viewer!.get<{ get(id: string): unknown }>('elementRegistry');
    for (const [elementId, c] of Object.entries(detail.elementCounts ?? {})) {
      if (!registry.get(elementId)) continue;
      const total = c.active + c.completed + c.terminated;
      overlays.add(elementId, 'element-count', {
        position: { bottom: 6, right: 6 },
        html: `<span class="element-count" data-element-count="${elementId}" title="${c.active} active, ${c.completed} completed, ${c.terminated} terminated">${total}</span>`,
      });
    }
  }

  private async load(): Promise<void> {
    const seq = ++this.requestSeq;
    const id = this.instance().id;
    let detail: ProcessInstanceDetail;
    try {
      detail = await firstValueFrom(this.api.getInstance(id, this.zone()));
    } catch (error) {
      if (seq === this.requestSeq) {
        this.problem.set(toApiProblem(error));
      }
      return;
    }
    if (seq !== this.requestSeq) {
      return;
    }
    // The instance's state, incidents and operations first: a diagram that cannot be drawn (deployed
    // without a layout, say) must not keep the owner from seeing why it stopped or from cancelling it.
    this.detail.set(detail);
    this.problem.set(null);
    try {
      if (detail.definitionId !== this.loadedDefinitionId) {
        const definition = await firstValueFrom(this.api.getDefinition(detail.definitionId));
        if (seq !== this.requestSeq || !this.viewer) {
          return;
        }
        // Remembered before the import, so a diagram that cannot be drawn is not fetched again every refresh.
        this.loadedDefinitionId = detail.definitionId;
        this.diagramProblem.set(null);
        await this.viewer.importXML(definition.xml);
        this.activeMarkers?.forget();
        this.visitedMarkers?.forget();
        this.incidentMarkers?.forget();
        this.viewer.get<{ zoom(level: string): void }>('canvas').zoom('fit-viewport');
      }
      if (this.diagramProblem()) {
        return;
      }
      const active = new Set(detail.activeElementIds ?? []);
      this.activeMarkers?.set(active);
      this.visitedMarkers?.set((detail.history ?? []).map((h) => h.elementId).filter((e) => !active.has(e)));
      this.incidentMarkers?.set(detail.incidents.map((i) => i.elementId));
      this.paintCounts(detail);
    } catch (error) {
      if (seq === this.requestSeq) {
        this.diagramProblem.set(diagramProblemOf(error));
      }
    }
  }
}

/** bpmn-js says "no diagram to display" for a process deployed without a layout (no BPMNDiagram). */
function diagramProblemOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /no diagram to display/i.test(message)
    ? 'This version was deployed without a diagram layout, so it cannot be drawn; its state, incidents and operations are below.'
    : `The diagram cannot be drawn: ${message}`;
}
