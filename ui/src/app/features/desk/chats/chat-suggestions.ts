import { Component, effect, inject, input, output, untracked } from '@angular/core';
import { KnowledgeApi } from '../../../core/api/knowledge-api';
import { ArticleHit } from '../../../core/api/knowledge-types';
import { TypedSuggestions } from '../../knowledge/typed-suggestions';

/**
 * Knowledge articles suggested beside a chat in the desk from what the requester wrote: only those she
 * may read herself (`asRequesterOf` the chat's ticket), so the agent can hand her the link.
 */
@Component({
  selector: 'app-chat-suggestions',
  template: `
    @if (hits().length) {
      <aside class="suggestions" data-testid="chat-suggestions" [attr.aria-label]="'Articles for ' + ticketNumber()">
        <p class="title">Articles the requester may read</p>
        <ul>
          @for (h of hits(); track h.id) {
            <li data-testid="chat-suggestion" [attr.data-id]="h.id">
              <span>{{ h.title }}</span>
              <button type="button" data-testid="chat-suggestion-send" (click)="offer.emit(link(h))">Add link</button>
            </li>
          }
        </ul>
      </aside>
    }
  `,
  styles: `
    .suggestions {
      border-left: 4px solid var(--accent, #0969da);
      padding: 0.25rem 0.5rem;
      margin: 0.5rem 0;
    }
    .title {
      margin: 0 0 0.25rem;
      font-weight: 600;
    }
    ul {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    li {
      display: flex;
      justify-content: space-between;
      gap: 0.5rem;
      align-items: center;
      overflow-wrap: anywhere;
      margin: 0.2rem 0;
    }
  `,
})
export class ChatSuggestions {
  private readonly api = inject(KnowledgeApi);
  /** What the requester wrote in the chat so far. */
  readonly text = input.required<string>();
  /** The chat's ticket: suggestions are those its requester may see. */
  readonly ticketNumber = input.required<string>();
  /** A line for the agent's draft pointing the requester at the article. */
  readonly offer = output<string>();
  private readonly suggestions = new TypedSuggestions((text) =>
    this.api.suggest({ text: text.slice(-5000), asRequesterOf: this.ticketNumber() }),
  );
  protected readonly hits = this.suggestions.hits;

  constructor() {
    effect((onCleanup) => {
      const text = this.text();
      const ticket = this.ticketNumber();
      untracked(() => this.suggestions.typed(text, ticket));
      onCleanup(() => this.suggestions.stop());
    });
  }

  protected link(hit: ArticleHit): string {
    return `${hit.title}: ${location.origin}/portal/knowledge/${hit.id}`;
  }
}
