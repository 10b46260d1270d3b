import { Component, ElementRef, HostListener, OnDestroy, inject, viewChild } from '@angular/core';
import { Router } from '@angular/router';

/** What each key does; the help overlay lists this table, so the two cannot drift apart. */
export const SHORTCUTS: ReadonlyArray<{ keys: string; does: string }> = [
  { keys: '?', does: 'Show this help' },
  { keys: 'j / k', does: 'Next / previous ticket in the queue' },
  { keys: 'Enter', does: 'Open the ticket in focus' },
  { keys: '/', does: 'Search the queue' },
  { keys: 'r', does: 'Reply on the open ticket' },
  { keys: 'a', does: 'Assign the open ticket to me' },
  { keys: 'g then d', does: 'Go to the desk' },
  { keys: 'g then p', does: 'Go to the portal' },
  { keys: 'Escape', does: 'Close this help' },
];

/** How long after `g` the second key of a "go to" pair still counts. */
const CHORD_MS = 1500;

/** Keys typed into a field are text, never commands. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Keyboard shortcuts for the common agent actions, and their help overlay (`?`). Pages opt in by
 * marking elements with `data-shortcut`: `queue-item` (the links j/k move between), `search`, `reply`,
 * `assign-me`; a key whose element is not on the page does nothing. The overlay is a native modal
 * `<dialog>`: the browser keeps focus inside it, makes the page behind inert and closes it on Escape.
 */
@Component({
  selector: 'app-keyboard-shortcuts',
  template: `
    <dialog #help class="shortcut-help" aria-labelledby="shortcut-help-title" data-testid="shortcut-help">
      <h2 id="shortcut-help-title">Keyboard shortcuts</h2>
      <p class="hint">Not while typing in a field.</p>
      <table>
        <caption class="visually-hidden">
          Keys and what they do
        </caption>
        <tbody>
          @for (s of shortcuts; track s.keys) {
            <tr>
              <th scope="row">
                <kbd>{{ s.keys }}</kbd>
              </th>
              <td>{{ s.does }}</td>
            </tr>
          }
        </tbody>
      </table>
      <button type="button" (click)="help.close()" data-testid="shortcut-help-close">Close</button>
    </dialog>
  `,
  styles: `
    .shortcut-help {
      max-width: min(28rem, 92vw);
      border: 1px solid var(--border);
      border-radius: 8px;
      padding: 1rem 1.25rem;
    }
    .shortcut-help::backdrop {
      background: rgb(0 0 0 / 40%);
    }
    th {
      text-align: left;
      padding: 0.2rem 1rem 0.2rem 0;
      white-space: nowrap;
    }
    kbd {
      font-family: inherit;
      border: 1px solid var(--border);
      border-radius: 4px;
      padding: 0 0.3rem;
    }
  `,
})
export class KeyboardShortcuts implements OnDestroy {
  private readonly router = inject(Router);
  private readonly help = viewChild.required<ElementRef<HTMLDialogElement>>('help');
  protected readonly shortcuts = SHORTCUTS;
  private chordTimer: ReturnType<typeof setTimeout> | null = null;

  ngOnDestroy(): void {
    this.endChord();
  }

  @HostListener('document:keydown', ['$event'])
  protected onKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    const dialog = this.help().nativeElement;
    if (dialog.open) return; // the dialog's own keys: Tab stays inside, Escape closes
    if (this.chordTimer) {
      this.endChord();
      const to = { d: '/desk', p: '/portal' }[event.key];
      if (to) {
        event.preventDefault();
        void this.router.navigateByUrl(to);
      }
      return;
    }
    switch (event.key) {
      case '?':
        event.preventDefault();
        dialog.showModal();
        return;
      case 'g':
        this.chordTimer = setTimeout(() => this.endChord(), CHORD_MS);
        return;
      case 'j':
      case 'k':
        this.step(event, event.key === 'j' ? 1 : -1);
        return;
      case '/':
        this.act(event, 'search', (el) => el.focus());
        return;
      case 'r':
        this.act(event, 'reply', (el) => el.focus());
        return;
      case 'a':
        this.act(event, 'assign-me', (el) => {
          if (!(el as HTMLButtonElement).disabled) el.click();
        });
        return;
    }
  }

  /** Moves focus along the queue's ticket links; Enter then opens the focused one (a link's own key). */
  private step(event: KeyboardEvent, by: 1 | -1): void {
    const items = [...document.querySelectorAll<HTMLElement>('[data-shortcut="queue-item"]')];
    if (!items.length) return;
    event.preventDefault();
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = at < 0 ? (by > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, at + by));
    items[next].focus();
    items[next].scrollIntoView({ block: 'nearest' });
  }

  private act(event: KeyboardEvent, name: string, run: (el: HTMLElement) => void): void {
    const el = document.querySelector<HTMLElement>(`[data-shortcut="${name}"]`);
    if (!el) return;
    event.preventDefault();
    run(el);
  }

  private endChord(): void {
    if (this.chordTimer) clearTimeout(this.chordTimer);
    this.chordTimer = null;
  }
}
