import {
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import type Modeler from 'bpmn-js/lib/Modeler';
import { firstValueFrom } from 'rxjs';
import { describeDetail, toApiProblem } from '../../core/api/api-error';
import { DefinitionsStore } from '../../core/api/definitions-store';
import { FlowdeskApi } from '../../core/api/flowdesk-api';
import { MarkerSet, mainProcessId, revealElement } from '../../core/bpmn/marker-set';
import { BLANK_DIAGRAM } from './blank-diagram';
import { createModeler } from './create-modeler';

/** The process every Flowdesk install starts with; preselected when deployed. */
const DEFAULT_PROCESS_ID = 'incident';

export interface StatusLine {
  text: string;
  elementId?: string;
}

export interface StudioStatus {
  kind: 'info' | 'success' | 'error';
  message: string;
  lines: StatusLine[];
}

@Component({
  selector: 'app-studio',
  templateUrl: './studio.html',
  styleUrl: './studio.css',
})
export class Studio {
  private readonly api = inject(FlowdeskApi);
  private readonly store = inject(DefinitionsStore);

  private readonly canvasRef = viewChild.required<ElementRef<HTMLElement>>('canvas');
  private readonly propertiesRef = viewChild.required<ElementRef<HTMLElement>>('properties');

  private modeler: Modeler | null = null;
  private errorMarkers: MarkerSet | null = null;
  private warningMarkers: MarkerSet | null = null;

  protected readonly definitions = this.store.items;
  protected readonly selectedId = signal('');
  protected readonly loading = signal(false);
  protected readonly deploying = signal(false);
  /** Result of the last deployment (the `deploy-status` element). */
  protected readonly deployStatus = signal<StudioStatus | null>(null);
  /** Loading, import and export messages. */
  protected readonly message = signal<StudioStatus | null>(null);

  constructor() {
    afterNextRender(() => {
      const modeler = createModeler(this.canvasRef().nativeElement, this.propertiesRef().nativeElement);
      this.modeler = modeler;
      this.errorMarkers = new MarkerSet(modeler, 'validation-error');
      this.warningMarkers = new MarkerSet(modeler, 'validation-warning');
      void this.loadInitial();
    });
    inject(DestroyRef).onDestroy(() => this.modeler?.destroy());
  }

  protected async onSelect(event: Event): Promise<void> {
    const id = (event.target as HTMLSelectElement).value;
    if (id) {
      await this.openDefinition(id);
    }
  }

  protected async newDiagram(): Promise<void> {
    this.selectedId.set('');
    await this.importXml(BLANK_DIAGRAM, 'New blank diagram');
  }

  protected async onFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) {
      return;
    }
    this.selectedId.set('');
    await this.importXml(await file.text(), `Opened ${file.name}`);
  }

  protected async download(): Promise<void> {
    const modeler = this.modeler;
    if (!modeler) {
      return;
    }
    try {
      const { xml } = await modeler.saveXML({ format: true });
      const blob = new Blob([xml ?? ''], { type: 'application/xml' });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `${mainProcessId(modeler) ?? 'diagram'}.bpmn`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (error) {
      this.message.set({ kind: 'error', message: `Could not export the diagram: ${toApiProblem(error).message}`, lines: [] });
    }
  }

  protected async deploy(): Promise<void> {
    const modeler = this.modeler;
    if (!modeler || this.deploying()) {
      return;
    }
    this.deploying.set(true);
    this.message.set(null);
    this.errorMarkers?.clear();
    this.warningMarkers?.clear();
    this.deployStatus.set({ kind: 'info', message: 'Deploying…', lines: [] });
    try {
      const { xml } = await modeler.saveXML({ format: true });
      const result = await firstValueFrom(this.api.deploy(xml ?? ''));
      const warnings = result.warnings ?? [];
      this.warningMarkers?.set(warnings.map((w) => w.elementId));
      this.deployStatus.set({
        kind: 'success',
        message: `Deployed ${result.processId} version ${result.version}`,
        lines: warnings.map((w) => ({
          text: `Warning: ${describeDetail(w)}`,
          elementId: w.elementId,
        })),
      });
      await this.store.reload();
      this.selectedId.set(result.id);
    } catch (error) {
      const problem = toApiProblem(error);
      this.errorMarkers?.set(problem.details.map((d) => d.elementId));
      this.deployStatus.set({
        kind: 'error',
        message: problem.message,
        lines: problem.details.map((d) => ({ text: describeDetail(d), elementId: d.elementId })),
      });
    } finally {
      this.deploying.set(false);
    }
  }

  protected reveal(elementId: string): void {
    if (this.modeler) {
      revealElement(this.modeler, elementId);
    }
  }

  private async loadInitial(): Promise<void> {
    this.loading.set(true);
    await this.store.reload();
    const problem = this.store.problem();
    const preferred = this.store.preferred(DEFAULT_PROCESS_ID);
    if (preferred) {
      await this.openDefinition(preferred.id);
    } else {
      await this.importXml(BLANK_DIAGRAM, null);
      if (problem) {
        this.message.set({
          kind: 'error',
          message: `Could not list the deployed definitions: ${problem.message}`,
          lines: [],
        });
      }
    }
    this.loading.set(false);
  }

  private async openDefinition(id: string): Promise<void> {
    this.selectedId.set(id);
    this.loading.set(true);
    try {
      const definition = await firstValueFrom(this.api.getDefinition(id));
      await this.importXml(definition.xml, null);
    } catch (error) {
      this.message.set({
        kind: 'error',
        message: `Could not load definition ${id}: ${toApiProblem(error).message}`,
        lines: [],
      });
    } finally {
      this.loading.set(false);
    }
  }

  private async importXml(xml: string, successMessage: string | null): Promise<void> {
    const modeler = this.modeler;
    if (!modeler) {
      return;
    }
    try {
      const { warnings } = await modeler.importXML(xml);
      this.errorMarkers?.forget();
      this.warningMarkers?.forget();
      this.deployStatus.set(null);
      modeler.get<{ zoom(level: string): void }>('canvas').zoom('fit-viewport');
      const lines = warnings.map((w) => ({ text: (w as { message?: string }).message ?? String(w) }));
      this.message.set(
        lines.length
          ? { kind: 'info', message: `Imported with ${lines.length} warning(s)`, lines }
          : successMessage
            ? { kind: 'info', message: successMessage, lines: [] }
            : null,
      );
    } catch (error) {
      this.message.set({
        kind: 'error',
        message: `Could not open the diagram: ${toApiProblem(error).message}`,
        lines: [],
      });
    }
  }
}
