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
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../core/api/api-error';
import { ProcessInstanceDetail, ProcessInstanceSummary } from '../../core/api/api-types';
import { FlowdeskApi } from '../../core/api/flowdesk-api';
import { MarkerSet } from '../../core/bpmn/marker-set';
import { ProblemMessage } from './problem-message';

/** Read-only diagram of one instance, its active elements highlighted. */
@Component({
  selector: 'app-instance-viewer',
  imports: [DatePipe, JsonPipe, ProblemMessage],
  templateUrl: './instance-viewer.html',
  styleUrl: './instance-viewer.css',
})
export class InstanceViewer {
  private readonly api = inject(FlowdeskApi);
  private readonly canvasRef = viewChild.required<ElementRef<HTMLElement>>('canvas');

  /** The instance as last listed; a change of status or tokens reloads the detail. */
  readonly instance = input.required<ProcessInstanceSummary>();
  readonly closed = output<void>();

  private viewer: NavigatedViewer | null = null;
  private activeMarkers: MarkerSet | null = null;
  private visitedMarkers: MarkerSet | null = null;
  private loadedDefinitionId: string | null = null;
  private requestSeq = 0;

  private readonly ready = signal(false);
  protected readonly detail = signal<ProcessInstanceDetail | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly history = computed(() => [...(this.detail()?.history ?? [])].reverse());

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
      this.ready.set(true);
    });
    inject(DestroyRef).onDestroy(() => this.viewer?.destroy());
    effect(() => {
      this.progressKey();
      if (this.ready()) {
        untracked(() => void this.load());
      }
    });
  }

  private async load(): Promise<void> {
    const seq = ++this.requestSeq;
    const id = this.instance().id;
    try {
      const detail = await firstValueFrom(this.api.getInstance(id));
      if (seq !== this.requestSeq) {
        return;
      }
      if (detail.definitionId !== this.loadedDefinitionId) {
        const definition = await firstValueFrom(this.api.getDefinition(detail.definitionId));
        if (seq !== this.requestSeq || !this.viewer) {
          return;
        }
        await this.viewer.importXML(definition.xml);
        this.loadedDefinitionId = detail.definitionId;
        this.activeMarkers?.forget();
        this.visitedMarkers?.forget();
        this.viewer.get<{ zoom(level: string): void }>('canvas').zoom('fit-viewport');
      }
      const active = new Set(detail.activeElementIds ?? []);
      this.activeMarkers?.set(active);
      this.visitedMarkers?.set((detail.history ?? []).map((h) => h.elementId).filter((e) => !active.has(e)));
      this.detail.set(detail);
      this.problem.set(null);
    } catch (error) {
      if (seq === this.requestSeq) {
        this.problem.set(toApiProblem(error));
      }
    }
  }
}
