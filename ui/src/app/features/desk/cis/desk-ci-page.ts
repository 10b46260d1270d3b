import { Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { CiGraph, CiHistoryEntry, CiImpact, CiTicket, CmdbApi, ConfigurationItem } from '../../../core/api/cmdb-api';
import { ProblemMessage } from '../../operate/problem-message';
import { CiGraphView } from './ci-graph';
import { CiHistoryView } from './ci-history';

/**
 * A configuration item at the desk: its facts (an asset's model, serial number, warranty and maintenance too), its
 * relations drawn as a graph, its impact (what breaks with it), the tickets that touch it and its history.
 */
@Component({
  selector: 'app-desk-ci-page',
  imports: [CiGraphView, CiHistoryView, ProblemMessage, RouterLink],
  templateUrl: './desk-ci-page.html',
  styleUrl: './desk-ci-page.css',
})
export class DeskCiPage {
  private readonly api = inject(CmdbApi);
  private readonly router = inject(Router);
  /** Route parameter. */
  readonly id = input.required<string>();
  protected readonly depth = signal(3);
  protected readonly ci = signal<ConfigurationItem | null>(null);
  protected readonly impact = signal<CiImpact | null>(null);
  protected readonly graph = signal<CiGraph | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly history = signal<CiHistoryEntry[] | null>(null);
  protected readonly tickets = signal<CiTicket[] | null>(null);
  /** Why the history or the tickets could not be had; the rest of the page stands without them. */
  protected readonly sideProblem = signal<ApiProblem | null>(null);
  protected readonly names = computed(() => new Map((this.graph()?.nodes ?? []).map((n) => [n.id, n.name] as const)));

  constructor() {
    effect(() => {
      const id = this.id();
      const depth = this.depth();
      untracked(() => void this.load(id, depth));
    });
    effect(() => {
      const id = this.id();
      untracked(() => void this.loadRecords(id));
    });
  }

  protected open(id: string): void {
    void this.router.navigate(['/desk/cis', id]);
  }

  protected attributes(ci: ConfigurationItem): Array<[string, string]> {
    return Object.entries(ci.attributes).map(([k, v]) => [k, String(v)]);
  }

  private async load(id: string, depth: number): Promise<void> {
    try {
      this.problem.set(null);
      const [ci, impact, graph] = await Promise.all([
        firstValueFrom(this.api.get(id)),
        firstValueFrom(this.api.impact(id, depth)),
        firstValueFrom(this.api.graph(id, Math.min(depth, 4))),
      ]);
      this.ci.set(ci);
      this.impact.set(impact);
      this.graph.set(graph);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }

  /** The tickets touching the CI and its history, once per CI (not again for another depth). */
  private async loadRecords(id: string): Promise<void> {
    this.history.set(null);
    this.tickets.set(null);
    this.sideProblem.set(null);
    try {
      const [tickets, history] = await Promise.all([firstValueFrom(this.api.tickets(id)), firstValueFrom(this.api.history(id))]);
      this.tickets.set(tickets);
      this.history.set(history);
    } catch (error) {
      this.sideProblem.set(toApiProblem(error));
    }
  }
}
