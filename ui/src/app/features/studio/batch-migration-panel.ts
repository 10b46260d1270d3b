import { Component, DestroyRef, computed, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../core/api/api-error';
import {
  BatchMigrationPreview,
  BatchMigrationsApi,
  ElementMapping,
  MigrationBatch,
  MigrationBatchItem,
} from '../../core/api/batch-migrations-api';
import { DefinitionsStore } from '../../core/api/definitions-store';
import { FlowdeskApi } from '../../core/api/flowdesk-api';
import { problemInWords } from '../../core/api/problem-words';

/** Flow nodes of a diagram (where a token can wait), by id: what a mapping can name. */
function flowNodeIds(xml: string): Array<{ id: string; name: string }> {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const nodes: Array<{ id: string; name: string }> = [];
  for (const el of Array.from(doc.getElementsByTagNameNS('http://www.omg.org/spec/BPMN/20100524/MODEL', '*'))) {
    const kind = el.localName;
    if (!/(Task|Event|Gateway|subProcess|callActivity|transaction)$/i.test(kind) || /Definition$/.test(kind)) continue;
    const id = el.getAttribute('id');
    if (id) nodes.push({ id, name: el.getAttribute('name') ?? '' });
  }
  return nodes;
}

/**
 * After a deploy: move the running instances of an older version onto the new one. Elements whose id
 * is the same in both versions move by themselves; the editor lists every element of the old version
 * that the new one lacks, to map onto one it has. The preview says, per element, where its tokens go and
 * which instances could not move and why; the move runs as a batch whose progress is shown here.
 */
@Component({
  selector: 'app-batch-migration-panel',
  imports: [FormsModule],
  template: `
    <section class="batch" data-testid="batch-migration">
      <h3>Move running instances to v{{ targetVersion() }}</h3>
      <label>
        From version
        <select [ngModel]="sourceId()" (ngModelChange)="chooseSource($event)" data-testid="batch-source">
          @for (d of olderVersions(); track d.id) {
            <option [value]="d.id">v{{ d.version }}</option>
          }
        </select>
      </label>
      @if (unmatched().length) {
        <table class="mapping" data-testid="batch-mapping">
          <caption>
            Elements of v{{
              sourceVersion()
            }}
            that v{{
              targetVersion()
            }}
            does not have
          </caption>
          <tbody>
            @for (el of unmatched(); track el.id) {
              <tr>
                <td>
                  {{ el.name || el.id }} <code>{{ el.id }}</code>
                </td>
                <td>→</td>
                <td>
                  <select [ngModel]="mapping()[el.id] ?? ''" (ngModelChange)="mapTo(el.id, $event)" [attr.data-testid]="'map-' + el.id">
                    <option value="">(no target: instances waiting here cannot move)</option>
                    @for (t of targetNodes(); track t.id) {
                      <option [value]="t.id">{{ t.name || t.id }} ({{ t.id }})</option>
                    }
                  </select>
                </td>
              </tr>
            }
          </tbody>
        </table>
      } @else if (sourceId()) {
        <p>Every element of v{{ sourceVersion() }} is also in v{{ targetVersion() }}: nothing to map.</p>
      }
      <div class="buttons">
        <button type="button" (click)="preview()" [disabled]="!sourceId() || busy()" data-testid="batch-preview">Preview</button>
        <button
          type="button"
          class="primary"
          (click)="start()"
          [disabled]="!plan() || !plan()!.movable || busy() || batch()?.state === 'running'"
          data-testid="batch-start"
        >
          Move {{ plan()?.movable ?? 0 }} instance(s)
        </button>
      </div>
      @if (problem(); as p) {
        <p role="alert" class="problem">{{ p }}</p>
      }
      @if (plan(); as p) {
        <div data-testid="batch-plan">
          <p>
            <strong>{{ p.movable }}</strong> of {{ p.total }} running instance(s) of v{{ p.source.version }} can move to v{{
              p.target.version
            }}.
          </p>
          <ul>
            @for (e of p.elements; track e.elementId + e.action) {
              <li [class.refuse]="e.action === 'refuse'">
                {{ e.elementId }}:
                {{ e.action === 'refuse' ? 'cannot move' : e.action === 'map' ? 'to ' + e.targetElementId : 'stays' }} ({{ e.instances }})
              </li>
            }
          </ul>
          @if (p.refused.length) {
            <details data-testid="batch-refused">
              <summary>{{ p.refused.length }} instance(s) cannot move</summary>
              <ul>
                @for (r of p.refused; track r.instanceId) {
                  <li>{{ r.businessKey ?? r.instanceId }}: {{ describe(r.problems) }}</li>
                }
              </ul>
            </details>
          }
        </div>
      }
      @if (batch(); as b) {
        <div data-testid="batch-progress" [attr.data-state]="b.state">
          <progress [max]="b.total" [value]="b.counts.migrated + b.counts.failed"></progress>
          {{ b.state === 'finished' ? 'Done' : 'Moving' }}: {{ b.counts.migrated }} moved, {{ b.counts.failed }} could not move,
          {{ b.counts.pending }} to go.
          @if (failed().length) {
            <ul data-testid="batch-failed">
              @for (f of failed(); track f.instanceId) {
                <li>{{ f.instanceId }}: {{ f.message }}</li>
              }
            </ul>
          }
        </div>
      }
    </section>
  `,
  styles: `
    .batch {
      border: 1px solid #d0d7de;
      border-radius: 6px;
      padding: 0.5rem 1rem;
      margin-top: 0.5rem;
    }
    .mapping caption {
      text-align: left;
      font-weight: 600;
    }
    .buttons {
      display: flex;
      gap: 0.5rem;
      margin: 0.5rem 0;
    }
    .refuse,
    .problem {
      color: #b42318;
    }
  `,
})
export class BatchMigrationPanel {
  /** The version just deployed: where instances move to. */
  readonly targetId = input.required<string>();

  private readonly api = inject(BatchMigrationsApi);
  private readonly flowdesk = inject(FlowdeskApi);
  private readonly store = inject(DefinitionsStore);

  private readonly target = computed(() => this.store.items().find((d) => d.id === this.targetId()) ?? null);
  protected readonly targetVersion = computed(() => this.target()?.version ?? 0);
  protected readonly olderVersions = computed(() => {
    const t = this.target();
    return t ? this.store.items().filter((d) => d.processId === t.processId && d.version < t.version) : [];
  });
  protected readonly sourceId = signal('');
  protected readonly sourceVersion = computed(() => this.olderVersions().find((d) => d.id === this.sourceId())?.version ?? 0);
  protected readonly targetNodes = signal<Array<{ id: string; name: string }>>([]);
  private readonly sourceNodes = signal<Array<{ id: string; name: string }>>([]);
  protected readonly unmatched = computed(() => {
    const inTarget = new Set(this.targetNodes().map((n) => n.id));
    return this.sourceNodes().filter((n) => !inTarget.has(n.id));
  });
  protected readonly mapping = signal<Record<string, string>>({});
  protected readonly plan = signal<BatchMigrationPreview | null>(null);
  protected readonly batch = signal<MigrationBatch | null>(null);
  protected readonly failed = signal<MigrationBatchItem[]>([]);
  protected readonly problem = signal<string | null>(null);
  protected readonly busy = signal(false);
  private polling: ReturnType<typeof setInterval> | null = null;

  constructor() {
    effect(() => {
      const older = this.olderVersions();
      if (!this.sourceId() && older.length) void this.chooseSource(older[0]!.id);
    });
    effect(() => {
      const id = this.targetId();
      void firstValueFrom(this.flowdesk.getDefinition(id)).then((d) => this.targetNodes.set(flowNodeIds(d.xml)));
    });
    inject(DestroyRef).onDestroy(() => this.stopPolling());
  }

  protected async chooseSource(id: string): Promise<void> {
    this.sourceId.set(id);
    this.plan.set(null);
    this.mapping.set({});
    const definition = await firstValueFrom(this.flowdesk.getDefinition(id));
    this.sourceNodes.set(flowNodeIds(definition.xml));
  }

  protected mapTo(from: string, to: string): void {
    const next = { ...this.mapping() };
    if (to) next[from] = to;
    else delete next[from];
    this.mapping.set(next);
    this.plan.set(null);
  }

  protected describe(problems: Array<{ elementId?: string; message: string }>): string {
    return problems.map((p) => p.message).join('; ');
  }

  protected async preview(): Promise<void> {
    await this.run(async () => this.plan.set(await firstValueFrom(this.api.preview(this.sourceId(), this.targetId(), this.mappings()))));
  }

  protected async start(): Promise<void> {
    await this.run(async () => {
      this.batch.set(await firstValueFrom(this.api.start(this.sourceId(), this.targetId(), this.mappings())));
      this.stopPolling();
      this.polling = setInterval(() => void this.refresh(), 1000);
    });
  }

  private async refresh(): Promise<void> {
    const current = this.batch();
    if (!current) return;
    const b = await firstValueFrom(this.api.get(current.id));
    this.batch.set(b);
    if (b.state === 'finished') {
      this.stopPolling();
      this.failed.set((await firstValueFrom(this.api.failedItems(b.id))).items);
    }
  }

  private mappings(): ElementMapping[] {
    return Object.entries(this.mapping()).map(([from, to]) => ({ from, to }));
  }

  private stopPolling(): void {
    if (this.polling) clearInterval(this.polling);
    this.polling = null;
  }

  private async run(step: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    try {
      await step();
    } catch (error) {
      const words = problemInWords(toApiProblem(error));
      this.problem.set([words.message, ...words.details].join(' '));
    } finally {
      this.busy.set(false);
    }
  }
}
