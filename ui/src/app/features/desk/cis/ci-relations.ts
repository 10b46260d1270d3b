import { Component, effect, inject, input, output, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { CiRelationOfCi, CiSummary, CmdbApi } from '../../../core/api/cmdb-api';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';
import { ProblemMessage } from '../../operate/problem-message';

/** How a relation reads from this CI's side: "needs" outgoing, "is needed by" incoming. */
type Side = 'outgoing' | 'incoming';

/**
 * A CI's relations as a list to change: each with the CI at the other end and a remove button; below, a form
 * that relates this CI to another found by name, in either direction ("this CI runs on …" or "… runs on this CI").
 */
@Component({
  selector: 'app-ci-relations',
  imports: [ActionForm, FormsModule, MatButtonModule, ProblemMessage, RouterLink],
  template: `
    <ul class="relations" data-testid="ci-relations">
      @for (r of relations(); track r.id) {
        <li data-testid="ci-relation" [attr.data-id]="r.id" [attr.data-other]="r.other.id">
          <span>
            @if (r.direction === 'outgoing') {
              This CI {{ words(r.type) }} <a [routerLink]="['/desk/cis', r.other.id]">{{ r.other.name }}</a>
            } @else {
              <a [routerLink]="['/desk/cis', r.other.id]">{{ r.other.name }}</a> {{ words(r.type) }} this CI
            }
          </span>
          <button mat-button type="button" [attr.aria-label]="'Remove relation with ' + r.other.name" (click)="remove(r)">Remove</button>
        </li>
      } @empty {
        <li class="muted">No relation yet.</li>
      }
    </ul>
    @if (listProblem(); as p) {
      <app-problem-message data-testid="ci-relations-error" [problem]="p" />
    }
    <app-action-form
      label="Add a relation"
      submitText="Add relation"
      busyText="Adding…"
      submitTestId="relation-add"
      problemTestId="relation-error"
      [run]="form"
      [disabled]="!targetId"
      (submitted)="add()"
    >
      <div class="row">
        <label class="field">
          <span>Direction</span>
          <select name="side" data-testid="relation-side" [(ngModel)]="side">
            <option value="outgoing">This CI … the other</option>
            <option value="incoming">The other … this CI</option>
          </select>
        </label>
        <label class="field">
          <span>Relation</span>
          <select name="type" data-testid="relation-type" [(ngModel)]="type" [attr.aria-invalid]="form.error('type') ? true : null">
            @for (t of types(); track t) {
              <option [value]="t">{{ words(t) }}</option>
            }
          </select>
        </label>
        <label class="field">
          <span>Find the other CI</span>
          <input type="search" name="q" data-testid="relation-search" [(ngModel)]="q" (ngModelChange)="search($event)" autocomplete="off" />
        </label>
        <label class="field">
          <span>Other CI</span>
          <select
            name="targetId"
            data-testid="relation-target"
            [(ngModel)]="targetId"
            [attr.aria-invalid]="form.error('targetId') || form.error('sourceId') ? true : null"
          >
            <option value="">{{ found().length ? 'Pick one' : 'Type to find' }}</option>
            @for (c of found(); track c.id) {
              <option [value]="c.id">{{ c.name }} ({{ c.key }})</option>
            }
          </select>
          <span class="field-error">{{ form.error('targetId') || form.error('sourceId') }}</span>
        </label>
      </div>
    </app-action-form>
  `,
  styles: `
    .relations {
      list-style: none;
      padding: 0;
      margin: 0 0 0.75rem;
    }
    .relations li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.25rem 0.5rem;
      padding: 0.2rem 0;
      border-bottom: 1px solid var(--border);
    }
    .row {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 12rem), 1fr));
      gap: 0.5rem 1rem;
    }
  `,
})
export class CiRelations {
  private readonly api = inject(CmdbApi);
  readonly ciId = input.required<string>();
  readonly types = input<string[]>([]);
  /** A relation was added or removed: the graph, impact and history are stale. */
  readonly changed = output<void>();
  protected readonly relations = signal<CiRelationOfCi[]>([]);
  protected readonly found = signal<CiSummary[]>([]);
  protected readonly listProblem = signal<ApiProblem | null>(null);
  protected readonly form = new FormRun(['sourceId', 'targetId', 'type'], 'path');
  protected side: Side = 'outgoing';
  protected type = 'depends_on';
  protected q = '';
  protected targetId = '';
  private searchSeq = 0;

  constructor() {
    effect(() => {
      const id = this.ciId();
      untracked(() => void this.load(id));
    });
  }

  protected words(type: string): string {
    return type.replace('_', ' ');
  }

  protected async search(q: string): Promise<void> {
    const seq = ++this.searchSeq;
    if (!q.trim()) {
      this.found.set([]);
      return;
    }
    try {
      const page = await firstValueFrom(this.api.search(q.trim(), 10));
      if (seq !== this.searchSeq) return;
      const taken = new Set(this.relations().map((r) => r.other.id));
      const hits = page.items.filter((c) => c.id !== this.ciId() && !taken.has(c.id));
      this.found.set(hits);
      if (!hits.some((c) => c.id === this.targetId)) this.targetId = hits.length === 1 ? hits[0]!.id : '';
    } catch (e) {
      this.listProblem.set(toApiProblem(e));
    }
  }

  protected async add(): Promise<void> {
    const here = this.ciId();
    const other = this.targetId;
    const [sourceId, targetId] = this.side === 'outgoing' ? [here, other] : [other, here];
    const created = await this.form.run(() => firstValueFrom(this.api.relate({ sourceId, type: this.type, targetId })));
    if (!created) return;
    this.q = '';
    this.targetId = '';
    this.found.set([]);
    await this.load(here);
    this.changed.emit();
  }

  protected async remove(r: CiRelationOfCi): Promise<void> {
    try {
      await firstValueFrom(this.api.unrelate(r.id));
      await this.load(this.ciId());
      this.changed.emit();
    } catch (e) {
      this.listProblem.set(toApiProblem(e));
    }
  }

  private async load(id: string): Promise<void> {
    try {
      this.relations.set(await firstValueFrom(this.api.relations(id)));
      this.listProblem.set(null);
    } catch (e) {
      this.listProblem.set(toApiProblem(e));
    }
  }
}
