// Over 300 lines because the studio wires modeler, properties panel, lint and deploy, which its template binds on one class.
import { Component, DestroyRef, ElementRef, afterNextRender, computed, inject, signal, viewChild } from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import type Modeler from 'bpmn-js/lib/Modeler';
import { Observable, firstValueFrom } from 'rxjs';
import { DeployWarning, ProcessDefinitionSummary } from '../../core/api/api-types';
import { describeDetail, toApiProblem } from '../../core/api/api-error';
import { DefinitionsStore } from '../../core/api/definitions-store';
import { FlowdeskApi } from '../../core/api/flowdesk-api';
import { MarkerSet, mainProcessId, revealElement } from '../../core/bpmn/marker-set';
import { BLANK_DIAGRAM } from './blank-diagram';
import { createModeler } from './create-modeler';
import { BatchMigrationPanel } from './batch-migration-panel';
import { FormsPanel, LinkForm } from './forms/forms-panel';
import { deployedFormsText } from './forms/deployed-forms-text';
import { linkFormToSelection } from './forms/link-form';
import { StudioForms } from './forms/studio-forms';
import { WhatIfPanel } from './what-if-panel';

/** The process every Flowdesk install starts with; preselected when deployed. */
const DEFAULT_PROCESS_ID = 'incident';

export interface StatusLine {
  text: string;
  elementId?: string;
  /** Lint warnings are advice, shown apart from the errors that refuse a deploy. */
  kind?: 'warning';
  rule?: string;
}

/** A lint warning already says, in words, what is wrong with which element: shown as it comes. */
function warningLine(w: DeployWarning): StatusLine {
  return { text: w.message, kind: 'warning', ...(w.elementId ? { elementId: w.elementId } : {}), ...(w.rule ? { rule: w.rule } : {}) };
}

export interface StudioStatus {
  kind: 'info' | 'success' | 'error';
  message: string;
  lines: StatusLine[];
}

@Component({
  selector: 'app-studio',
  imports: [BatchMigrationPanel, FormsPanel, WhatIfPanel],
  providers: [StudioForms],
  templateUrl: './studio.html',
  styleUrl: './studio.css',
})
export class Studio {
  private readonly api = inject(FlowdeskApi);
  private readonly store = inject(DefinitionsStore);
  protected readonly forms = inject(StudioForms);

  private readonly canvasRef = viewChild.required<ElementRef<HTMLElement>>('canvas');
  private readonly propertiesRef = viewChild.required<ElementRef<HTMLElement>>('properties');
  private readonly formsPanel = viewChild(FormsPanel);

  private modeler: Modeler | null = null;
  private errorMarkers: MarkerSet | null = null;
  private warningMarkers: MarkerSet | null = null;
  private addedMarkers: MarkerSet | null = null;
  private changedMarkers: MarkerSet | null = null;

  protected readonly definitions = this.store.items;
  protected readonly selectedId = signal('');
  protected readonly selected = computed(() => this.definitions().find((d) => d.id === this.selectedId()) ?? null);
  /** The version new instances of the edited process use: what "diff against deployed" compares with. */
  protected readonly deployedBase = computed(() => {
    const current = this.selected();
    const same = this.definitions().filter((d) => d.processId === (current?.processId ?? this.editedProcessId()));
    return same.find((d) => d.active) ?? same[0] ?? null;
  });
  private readonly editedProcessId = signal<string | null>(null);
  /** Busy from the first render until the first diagram is shown, so nothing is opened under the first load. */
  protected readonly loading = signal(true);
  /**
   * Which request to show a diagram is the latest: each one (the first load, a version picked, a file
   * opened, a new diagram) takes the next turn, and a slower earlier one never replaces a later one — a
   * file opened while the first load still fetched its definition stays open.
   */
  private turn = 0;
  protected readonly deploying = signal(false);
  /** Result of the last deployment (the `deploy-status` element). */
  protected readonly deployStatus = signal<StudioStatus | null>(null);
  /** The version the last deploy made, when an older one exists: the batch migration panel moves instances onto it. */
  protected readonly deployedId = signal<string | null>(null);
  /** Loading, import and export messages. */
  protected readonly message = signal<StudioStatus | null>(null);
  /** Whether the what-if panel (the edited diagram replayed on a period's tickets) is open. */
  protected readonly whatIfOpen = signal(false);
  /** Whether the form editor is open; /processes/forms opens the studio with it. */
  protected readonly formsOpen = signal(inject(ActivatedRoute).snapshot.data['forms'] === true);
  protected readonly linkForm: LinkForm = (formId) => linkFormToSelection(this.modeler!, formId);
  /** The what-if panel's candidate: the diagram as it stands in the editor. */
  protected readonly editedXml = async (): Promise<string> => (await this.modeler!.saveXML({ format: true })).xml ?? '';

  constructor() {
    afterNextRender(() => {
      const modeler = createModeler(this.canvasRef().nativeElement, this.propertiesRef().nativeElement);
      this.modeler = modeler;
      this.errorMarkers = new MarkerSet(modeler, 'validation-error');
      this.warningMarkers = new MarkerSet(modeler, 'validation-warning');
      this.addedMarkers = new MarkerSet(modeler, 'diff-added');
      this.changedMarkers = new MarkerSet(modeler, 'diff-changed');
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
    const turn = ++this.turn;
    this.selectedId.set('');
    await this.importXml(BLANK_DIAGRAM, 'New blank diagram', turn);
    if (turn === this.turn) this.loading.set(false);
  }

  protected async onFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) {
      return;
    }
    const turn = ++this.turn;
    this.selectedId.set('');
    await this.importXml(await file.text(), `Opened ${file.name}`, turn);
    if (turn === this.turn) this.loading.set(false);
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
    this.deployedId.set(null);
    this.message.set(null);
    this.clearMarkers();
    this.deployStatus.set({ kind: 'info', message: 'Deploying…', lines: [] });
    try {
      const { xml } = await modeler.saveXML({ format: true });
      this.formsPanel()?.flush();
      const name = `${mainProcessId(modeler) ?? 'diagram'}.bpmn`;
      const result = await firstValueFrom(this.api.deploy(xml ?? '', this.forms.resources(), name));
      const warnings = result.warnings ?? [];
      this.warningMarkers?.set(warnings.map((w) => w.elementId));
      this.deployStatus.set({
        kind: 'success',
        message: `Deployed ${result.processId} version ${result.version}${deployedFormsText(result.forms)}`,
        lines: warnings.map(warningLine),
      });
      await this.store.reload();
      void this.formsPanel()?.refreshDeployed();
      this.selectedId.set(result.id);
      this.deployedId.set(result.version > 1 ? result.id : null);
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

  /** Engine validation without deploying: errors and warnings marked on the named elements. */
  protected async validate(): Promise<void> {
    const modeler = this.modeler;
    if (!modeler) return;
    this.clearMarkers();
    try {
      const { xml } = await modeler.saveXML({ format: true });
      const result = await firstValueFrom(this.api.validate(xml ?? ''));
      this.errorMarkers?.set(result.errors.map((e) => e.elementId));
      this.warningMarkers?.set(result.warnings.map((w) => w.elementId));
      this.deployStatus.set({
        kind: result.valid ? 'success' : 'error',
        message: result.valid
          ? `Valid: the engine would deploy this diagram${result.warnings.length ? ` (${result.warnings.length} warning(s))` : ''}`
          : `Not deployable: ${result.errors.length} problem(s)`,
        lines: [...result.errors.map((e) => ({ text: describeDetail(e), elementId: e.elementId })), ...result.warnings.map(warningLine)],
      });
    } catch (error) {
      this.showProblem(error);
    }
  }

  /** Highlights what the edited diagram adds (green) and changes (orange) relative to the active deployed version. */
  protected async diffAgainstDeployed(): Promise<void> {
    const modeler = this.modeler;
    const base = this.deployedBase();
    if (!modeler || !base) return;
    this.clearMarkers();
    try {
      const { xml } = await modeler.saveXML({ format: true });
      const diff = await firstValueFrom(this.api.diff(base.id, xml ?? ''));
      this.addedMarkers?.set(diff.added.map((e) => e.id));
      this.changedMarkers?.set(diff.changed.map((e) => e.id));
      const none = !diff.added.length && !diff.changed.length && !diff.removed.length;
      this.deployStatus.set({
        kind: 'info',
        message: none
          ? `No changes against ${base.processId} v${base.version}`
          : `Changes against ${base.processId} v${base.version}: ${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed`,
        lines: [
          ...diff.added.map((e) => ({ text: `added ${e.kind} ${e.name ?? e.id}`, elementId: e.id })),
          ...diff.changed.map((e) => ({ text: `changed ${e.kind} ${e.name ?? e.id}: ${(e.fields ?? []).join(', ')}`, elementId: e.id })),
          ...diff.removed.map((e) => ({ text: `removed ${e.kind} ${e.name ?? e.id}` })),
        ],
      });
    } catch (error) {
      this.showProblem(error);
    }
  }

  protected async activateSelected(): Promise<void> {
    await this.changeVersion((id) => this.api.activate(id), 'now used by new instances');
  }

  protected async archiveSelected(): Promise<void> {
    await this.changeVersion((id) => this.api.archive(id), 'archived');
  }

  private async changeVersion(call: (id: string) => Observable<ProcessDefinitionSummary>, what: string): Promise<void> {
    const id = this.selectedId();
    if (!id) return;
    try {
      const d = await firstValueFrom(call(id));
      await this.store.reload();
      this.deployStatus.set({ kind: 'success', message: `${d.processId} v${d.version} ${what}`, lines: [] });
    } catch (error) {
      this.showProblem(error);
    }
  }

  /**
   * How many running instances of this version wait at each element (and how many of those have an
   * incident), as badges over the diagram: where the tickets are right now. Best effort: a failure
   * leaves the diagram without badges.
   */
  private async paintHeatmap(definitionId: string): Promise<void> {
    const modeler = this.modeler;
    if (!modeler) return;
    const overlays = modeler.get<{ add(id: string, type: string, o: object): string; remove(f: { type: string }): void }>('overlays');
    overlays.remove({ type: 'heatmap' });
    try {
      const { elements } = await firstValueFrom(this.api.statistics(definitionId));
      const registry = modeler.get<{ get(id: string): unknown }>('elementRegistry');
      for (const e of elements) {
        if (!registry.get(e.elementId)) continue;
        const incidents = e.incidents ? ` <span class="element-count incidents" title="open incidents">${e.incidents}</span>` : '';
        overlays.add(e.elementId, 'heatmap', {
          position: { top: -10, right: 10 },
          html: `<span><span class="element-count" data-heatmap="${e.elementId}" title="running instances here">${e.active}</span>${incidents}</span>`,
        });
      }
    } catch {
      // Staff without access or a transient error: the diagram is still useful without counts.
    }
  }

  private clearMarkers(): void {
    for (const m of [this.errorMarkers, this.warningMarkers, this.addedMarkers, this.changedMarkers]) m?.clear();
  }

  private showProblem(error: unknown): void {
    const problem = toApiProblem(error);
    this.errorMarkers?.set(problem.details.map((d) => d.elementId));
    this.deployStatus.set({
      kind: 'error',
      message: problem.message,
      lines: problem.details.map((d) => ({ text: describeDetail(d), elementId: d.elementId })),
    });
  }

  protected reveal(elementId: string): void {
    if (this.modeler) {
      revealElement(this.modeler, elementId);
    }
  }

  private async loadInitial(): Promise<void> {
    const turn = ++this.turn;
    this.loading.set(true);
    await this.store.reload();
    const problem = this.store.problem();
    const preferred = this.store.preferred(DEFAULT_PROCESS_ID);
    if (turn !== this.turn) {
      // Something else was opened meanwhile: it stays.
    } else if (preferred) {
      await this.openDefinition(preferred.id, turn);
    } else {
      await this.importXml(BLANK_DIAGRAM, null, turn);
      if (problem) {
        this.message.set({
          kind: 'error',
          message: `Could not list the deployed definitions: ${problem.message}`,
          lines: [],
        });
      }
    }
    if (turn === this.turn) this.loading.set(false);
  }

  private async openDefinition(id: string, turn = ++this.turn): Promise<void> {
    this.selectedId.set(id);
    this.loading.set(true);
    try {
      const definition = await firstValueFrom(this.api.getDefinition(id));
      if (turn !== this.turn) return;
      await this.importXml(definition.xml, null, turn);
      await this.paintHeatmap(id);
    } catch (error) {
      this.message.set({
        kind: 'error',
        message: `Could not load definition ${id}: ${toApiProblem(error).message}`,
        lines: [],
      });
    } finally {
      if (turn === this.turn) this.loading.set(false);
    }
  }

  private async importXml(xml: string, successMessage: string | null, turn: number): Promise<void> {
    const modeler = this.modeler;
    if (!modeler || turn !== this.turn) {
      return;
    }
    try {
      const { warnings } = await modeler.importXML(xml);
      for (const m of [this.errorMarkers, this.warningMarkers, this.addedMarkers, this.changedMarkers]) m?.forget();
      this.editedProcessId.set(mainProcessId(modeler));
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
