import { signal } from '@angular/core';
import { firstValueFrom, type Observable } from 'rxjs';
import { ArticleHit } from '../../core/api/knowledge-types';

/** Pause after the last keystroke before asking: one query per thought, not per letter. */
const TYPING_PAUSE_MS = 400;
/** How often, and how far apart, a failed search is asked again. */
const MAX_ATTEMPTS = 5;
const RETRY_MS = 3_000;

/**
 * Articles suggested from what someone is typing, shared by the portal's new ticket and chat and the
 * desk's chat panel. Asks once the typing pauses, never twice for the same text; a search that fails (a
 * busy server, a chat ticket not readable yet) is asked again a few times, or the same text would never
 * be asked again and the suggestions would stay empty. Suggestions only help: a failure shows nothing.
 */
export class TypedSuggestions {
  readonly hits = signal<ArticleHit[]>([]);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = '';

  constructor(private readonly search: (text: string) => Observable<{ items: ArticleHit[] }>) {}

  /** The text typed so far; `context` tells apart the same text asked about something else (another chat). */
  typed(text: string, context = ''): void {
    clearTimeout(this.timer);
    const trimmed = text.trim();
    if (trimmed.length < 3) {
      this.asked = '';
      this.hits.set([]);
      return;
    }
    this.timer = setTimeout(() => void this.ask(trimmed, `${context}\n${trimmed}`), TYPING_PAUSE_MS);
  }

  /** Stops a pending question or retry (the component is leaving). */
  stop(): void {
    clearTimeout(this.timer);
  }

  private async ask(text: string, key: string, attempt = 1): Promise<void> {
    if (key === this.asked && attempt === 1) return;
    this.asked = key;
    const found = await firstValueFrom(this.search(text)).catch(() => null);
    if (this.asked !== key) return;
    if (found) return this.hits.set(found.items);
    if (attempt < MAX_ATTEMPTS) this.timer = setTimeout(() => void this.ask(text, key, attempt + 1), RETRY_MS);
  }
}
