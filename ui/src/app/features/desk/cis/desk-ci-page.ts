import { Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { CiClassList, CiGraph, CiHistoryEntry, CiImpact, CiTicket, CmdbApi, ConfigurationItem } from '../../../core/api/cmdb-api';
import { MatButtonModule } from '@angular/material/button';
import { Confirm } from '../../../shared/confirm-dialog/confirm-dialog';
import { DirectoryApi } from '../../../core/api/directory-api';
import { Session } from '../../../core/auth/session';
import { ProblemMessage } from '../../operate/problem-message';
import { CiForm } from './ci-form';
import { CiGraphView } from './ci-graph';
import { CiHistoryView } from './ci-history';
import { CiMaintenance } from './ci-maintenance';
import { CiRelations } from './ci-relations';
import { CiSiteChoices } from './ci-site-choices';

/**
 * A configuration item at the desk: its facts (an asset's model, serial number, warranty and maintenance too), its
 * relations drawn as a graph, its impact (what breaks with it), the tickets that touch it and its history. Here it is
 * also changed (its class's attributes), related to other CIs, given a maintenance schedule (an asset) or deleted.
 */
@Component({
  selector: 'app-desk-ci-page',
  imports: [CiForm, CiGraphView, CiHistoryView, CiMaintenance, CiRelations, MatButtonModule, ProblemMessage, RouterLink],
  templateUrl: './desk-ci-page.html',
  styleUrl: './desk-ci-page.css',
})
export class DeskCiPage {
  private readonly api = inject(CmdbApi);
  private readonly router = inject(Router);
  private readonly confirm = inject(Confirm);
  private readonly directory = inject(DirectoryApi);
  private readonly session = inject(Session);
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
  protected readonly classes = signal<CiClassList | null>(null);
  protected readonly editing = signal(false);
  /** Bumped after a change here: the facts, graph, impact and history are loaded again. */
  private readonly revision = signal(0);
  protected readonly isAsset = computed(() => !!this.classes()?.items.find((c) => c.key === this.ci()?.classKey)?.asset);
  protected readonly names = computed(() => new Map((this.graph()?.nodes ?? []).map((n) => [n.id, n.name] as const)));
  /** Only admins have the customers' screen: the names link there for them, and are text for everyone else. */
  protected readonly admin = computed(() => this.session.user()?.roles.includes('admin') ?? false);
  /** The sites the reader sees name the CI's site and its customer. */
  private readonly places = new CiSiteChoices();
  /** A customer with no site the reader sees, named by the API (admins may read any customer). */
  private readonly customerRead = signal<{ id: string; name: string } | null>(null);
  protected readonly customer = computed(() => {
    const id = this.ci()?.organizationId;
    if (!id) return null;
    const read = this.customerRead();
    return { id, name: this.places.customerName(id) ?? (read?.id === id ? read.name : null) };
  });
  protected readonly site = computed(() => {
    const id = this.ci()?.siteId;
    return id ? { id, name: this.places.site(id)?.name ?? null } : null;
  });

  constructor() {
    effect(() => {
      const id = this.id();
      const depth = this.depth();
      this.revision();
      untracked(() => void this.load(id, depth));
    });
    effect(() => {
      const id = this.id();
      this.revision();
      untracked(() => void this.loadRecords(id));
    });
    effect(() => {
      this.id();
      untracked(() => this.editing.set(false));
    });
    void this.places
      .load((offset) => this.api.sites(offset, 100))
      .catch(() => undefined)
      .then(() => this.nameCustomer());
    effect(() => {
      this.ci();
      untracked(() => void this.nameCustomer());
    });
    firstValueFrom(this.api.classes()).then(
      (c) => this.classes.set(c),
      (e) => this.sideProblem.set(toApiProblem(e)),
    );
  }

  protected refresh(): void {
    this.revision.update((n) => n + 1);
  }

  protected saved(ci: ConfigurationItem): void {
    this.ci.set(ci);
    this.editing.set(false);
    this.refresh();
  }

  protected async remove(ci: ConfigurationItem): Promise<void> {
    const yes = await this.confirm.ask({
      title: `Delete ${ci.name}?`,
      message:
        'Its relations and ticket links go with it; its history stays in the audit log. To keep it on record, set its state to retired instead.',
      confirmText: 'Delete',
      destructive: true,
    });
    if (!yes) return;
    try {
      await firstValueFrom(this.api.delete(ci.id));
      void this.router.navigate(['/desk/cis']);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }

  protected open(id: string): void {
    void this.router.navigate(['/desk/cis', id]);
  }

  protected attributes(ci: ConfigurationItem): Array<[string, string]> {
    return Object.entries(ci.attributes).map(([k, v]) => [k, String(v)]);
  }

  /** Only when the sites did not name it, and only for an admin (anyone else is refused the customer). */
  private async nameCustomer(): Promise<void> {
    const id = this.ci()?.organizationId;
    if (!id || !this.admin() || this.places.customerName(id) || this.customerRead()?.id === id) return;
    try {
      const o = await firstValueFrom(this.directory.organization(id));
      this.customerRead.set({ id: o.id, name: o.name });
    } catch {
      // Unnamed, the fact still says the CI is a customer's.
    }
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
