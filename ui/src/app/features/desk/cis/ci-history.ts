import { DatePipe } from '@angular/common';
import { Component, input } from '@angular/core';
import { CiHistoryEntry } from '../../../core/api/cmdb-api';

/** Relation types as the desk says them, read "source … target". */
const RELATION_WORDS: Record<string, string> = {
  depends_on: 'depends on',
  runs_on: 'runs on',
  hosted_on: 'is hosted on',
  connected_to: 'is connected to',
  part_of: 'is part of',
};

const ACTION_WORDS: Record<string, string> = {
  'ci.created': 'Created',
  'ci.imported': 'Imported',
  'ci.updated': 'Changed',
  'ci.deleted': 'Deleted',
  'ci.maintenance-schedule': 'Maintenance schedule set',
  'ciRelation.created': 'Relation added',
  'ciRelation.deleted': 'Relation removed',
};

/** What one history entry did, in words: the fields a change touched, or the relation and which end this CI is. */
export function describeHistoryEntry(entry: CiHistoryEntry, ciId: string, nameOf: (id: string) => string | undefined): string {
  const words = ACTION_WORDS[entry.action] ?? entry.action;
  if (entry.action.startsWith('ciRelation.')) {
    const rel = (entry.after ?? entry.before ?? {}) as { sourceId?: string; targetId?: string; type?: string };
    const verb = RELATION_WORDS[rel.type ?? ''] ?? rel.type ?? 'relates to';
    const end = (id: string | undefined) => (id === ciId ? 'this CI' : ((id && nameOf(id)) ?? 'another CI'));
    return `${words}: ${end(rel.sourceId)} ${verb} ${end(rel.targetId)}`;
  }
  if (entry.action === 'ci.updated' && entry.before && entry.after) {
    const before = entry.before;
    const changed = Object.keys(entry.after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(entry.after![k]));
    if (changed.length) return `${words}: ${changed.join(', ')}`;
  }
  if (entry.action === 'ci.maintenance-schedule' && !(entry.after as { maintenanceSchedule?: unknown } | null)?.maintenanceSchedule) {
    return 'Maintenance schedule cleared';
  }
  return words;
}

/** A CI's history from the audit log, newest first: what happened, who did it and when. */
@Component({
  selector: 'app-ci-history',
  imports: [DatePipe],
  template: `
    <ol class="history" data-testid="ci-history">
      @for (e of entries(); track $index) {
        <li data-testid="ci-history-entry" [attr.data-action]="e.action">
          <span>{{ describe(e) }}</span>
          <span class="muted"
            >{{ e.actorName }} · <time [attr.datetime]="e.at">{{ e.at | date: 'd MMM y, HH:mm' : 'UTC' }} UTC</time></span
          >
        </li>
      } @empty {
        <li class="muted">Nothing recorded yet.</li>
      }
    </ol>
  `,
  styles: `
    .history {
      list-style: none;
      padding: 0;
      margin: 0;
      display: grid;
      gap: 0.4rem;
    }
    .history li {
      display: grid;
      gap: 0.1rem;
      overflow-wrap: anywhere;
    }
    .muted {
      font-size: 0.85rem;
    }
  `,
})
export class CiHistoryView {
  readonly entries = input.required<CiHistoryEntry[]>();
  readonly ciId = input.required<string>();
  /** Names of the CIs the page knows (the graph's nodes), for the other end of a relation. */
  readonly names = input<ReadonlyMap<string, string>>(new Map());

  protected describe(entry: CiHistoryEntry): string {
    return describeHistoryEntry(entry, this.ciId(), (id) => this.names().get(id));
  }
}
