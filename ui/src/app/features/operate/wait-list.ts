import { Component, input } from '@angular/core';
import { TicketWait } from '../../core/api/ticket-types';

const ICONS: Record<string, string> = {
  userTask: '👤',
  timer: '⏱',
  message: '✉',
  signal: '📣',
  job: '⚙',
  calledProcess: '↪',
  adHocActivation: '≈',
  incident: '⚠',
};

/**
 * Everything a process instance waits for, one sentence each as the API wrote it (candidates by name,
 * times in the reader's zone): the same list on the desk's ticket page and in the operations view.
 */
@Component({
  selector: 'app-wait-list',
  template: `
    <ul class="waits">
      @for (wait of waits(); track $index) {
        <li data-testid="wait" [attr.data-kind]="wait.kind" [attr.data-element]="wait.elementId">
          <span aria-hidden="true">{{ icon(wait.kind) }}</span> {{ wait.text }}
        </li>
      } @empty {
        <li class="muted">Nothing: the process is moving on.</li>
      }
    </ul>
  `,
  styles: `
    .waits {
      list-style: none;
      padding: 0;
      margin: 0;
      display: grid;
      gap: 0.4rem;
    }
  `,
})
export class WaitList {
  readonly waits = input.required<readonly TicketWait[]>();

  protected icon(kind: string): string {
    return ICONS[kind] ?? '•';
  }
}
