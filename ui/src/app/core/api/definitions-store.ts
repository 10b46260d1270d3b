import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from './api-error';
import { ProcessDefinitionSummary } from './api-types';
import { FlowdeskApi } from './flowdesk-api';

const PAGE_SIZE = 100;
const MAX_DEFINITIONS = 2000;

/** The deployed process definitions, shared by the studio and the start form. */
@Injectable({ providedIn: 'root' })
export class DefinitionsStore {
  private readonly api = inject(FlowdeskApi);

  private readonly itemsState = signal<ProcessDefinitionSummary[]>([]);
  private readonly problemState = signal<ApiProblem | null>(null);
  private readonly loadedState = signal(false);

  /** Sorted by processId, then newest version first. */
  readonly items = this.itemsState.asReadonly();
  readonly problem = this.problemState.asReadonly();
  readonly loaded = this.loadedState.asReadonly();

  /** Distinct process ids, alphabetical. */
  readonly processIds = computed(() => [...new Set(this.itemsState().map((d) => d.processId))]);

  async reload(): Promise<void> {
    try {
      // Every page: a desk with many processes must still find each of them in the pickers.
      const all: ProcessDefinitionSummary[] = [];
      for (let offset = 0; offset < MAX_DEFINITIONS; offset += PAGE_SIZE) {
        const page = await firstValueFrom(this.api.listDefinitions(PAGE_SIZE, offset));
        all.push(...(page.items ?? []));
        if (!page.items?.length || all.length >= page.total) break;
      }
      const items = all.sort((a, b) => a.processId.localeCompare(b.processId) || b.version - a.version);
      this.itemsState.set(items);
      this.problemState.set(null);
    } catch (error) {
      this.problemState.set(toApiProblem(error));
    } finally {
      this.loadedState.set(true);
    }
  }

  /** Latest version of `processId`, or else the first definition, or null. */
  preferred(processId: string): ProcessDefinitionSummary | null {
    const items = this.itemsState();
    return items.find((d) => d.processId === processId) ?? items[0] ?? null;
  }
}
