import { Component, effect, inject, input, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { CiGraph, CiImpact, CmdbApi, ConfigurationItem } from '../../../core/api/cmdb-api';
import { ProblemMessage } from '../../operate/problem-message';
import { CiGraphView } from './ci-graph';

/** A configuration item at the desk: its facts, its relations drawn as a graph, and its impact (what breaks with it). */
@Component({
  selector: 'app-desk-ci-page',
  imports: [CiGraphView, ProblemMessage, RouterLink],
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

  constructor() {
    effect(() => {
      const id = this.id();
      const depth = this.depth();
      untracked(() => void this.load(id, depth));
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
}
