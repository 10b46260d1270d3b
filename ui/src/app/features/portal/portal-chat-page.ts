import { Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Chat, ChatApi, ChatMessage } from '../../core/api/chat-api';
import { Session } from '../../core/auth/session';
import { followChat } from '../../core/live/chat-stream';
import { ChatFiles } from '../tickets/chat-files';
import { TicketSuggestions } from './ticket-suggestions';

/** Where the open chat's id is kept, so a reload of the page picks the conversation up again. */
const OPEN_CHAT = 'flowdesk.portal.chat';

/**
 * Live chat from the portal (issue 25): the signed-in requester writes her first message and the chat is
 * offered to the routed group; while nobody has taken it she sees her place in the queue and the wait,
 * then the agent's answers as they come (the chat's event stream, as the desk reads it). Knowledge
 * articles matching what she wrote are suggested beside the chat. Every chat is a ticket, linked here;
 * a chat nobody takes, or one started outside business hours, is said to have become a normal ticket.
 */
@Component({
  selector: 'app-portal-chat-page',
  imports: [ChatFiles, FormsModule, RouterLink, TicketSuggestions],
  template: `
    <section class="card chat" aria-labelledby="chat-title">
      <header class="card-header">
        <h2 id="chat-title">Chat with the service desk</h2>
        <a routerLink="/portal">My tickets</a>
      </header>
      @if (error()) {
        <p role="alert" class="problem" data-testid="portal-chat-error">{{ error() }}</p>
      }
      @if (chat(); as c) {
        <p class="status" role="status" data-testid="portal-chat-status">{{ status(c) }}</p>
        <p class="muted">
          Your chat is ticket
          <a [routerLink]="['/portal/tickets', c.ticketNumber]" data-testid="portal-chat-ticket">{{ c.ticketNumber }}</a>
        </p>
        <ol class="log" aria-label="Conversation" aria-live="polite">
          @for (m of messages(); track m.id) {
            <li [class]="m.author" data-testid="portal-chat-line">
              <strong>{{ m.author === 'visitor' ? 'You' : m.name }}</strong>: {{ m.body }}
              @if (m.attachments.length) {
                <app-chat-files [files]="m.attachments" />
              }
            </li>
          }
        </ol>
        <p class="typing" data-testid="portal-chat-typing">{{ agentTyping() ? (c.agentName ?? 'The agent') + ' is typing…' : '' }}</p>
        @if (c.state === 'waiting' || c.state === 'active') {
          <app-chat-files [chatId]="c.chatId" (sent)="add($event)" />
          <form (ngSubmit)="send()">
            <label class="field" for="portal-chat-draft">Message</label>
            <textarea
              id="portal-chat-draft"
              name="draft"
              rows="3"
              maxlength="2000"
              data-testid="portal-chat-draft"
              [(ngModel)]="draft"
              (input)="typed()"
            ></textarea>
            <div class="buttons">
              <button type="submit" class="primary" data-testid="portal-chat-send" [disabled]="!draft().trim() || busy()">Send</button>
              <button type="button" data-testid="portal-chat-end" (click)="end()">End chat</button>
            </div>
          </form>
        } @else {
          <button type="button" data-testid="portal-chat-new" (click)="reset()">Start another chat</button>
        }
      } @else {
        <p class="hint">Tell us what you need; an agent of the right team answers here. The chat is kept as a ticket.</p>
        <form (ngSubmit)="start()">
          <label class="field" for="portal-chat-first">Your question</label>
          <textarea
            id="portal-chat-first"
            name="first"
            rows="4"
            maxlength="2000"
            data-testid="portal-chat-first"
            [(ngModel)]="draft"
          ></textarea>
          <div class="buttons">
            <button type="submit" class="primary" data-testid="portal-chat-start" [disabled]="!draft().trim() || busy()">Start chat</button>
          </div>
        </form>
      }
    </section>
    <app-ticket-suggestions [text]="typedText()" (solved)="solved()" />
  `,
  styles: `
    :host {
      display: grid;
      gap: 1rem;
      max-width: 48rem;
    }
    .card-header {
      display: flex;
      justify-content: space-between;
      align-items: baseline;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
    .status {
      font-weight: 600;
    }
    .log {
      list-style: none;
      padding: 0;
      max-height: 24rem;
      overflow-y: auto;
      overflow-wrap: anywhere;
    }
    .log li {
      margin: 0.3rem 0;
    }
    .log li.visitor {
      text-align: right;
    }
    .log li.system {
      color: #57606a;
      font-style: italic;
    }
    .typing {
      min-height: 1.2em;
      font-style: italic;
      color: #57606a;
    }
    textarea {
      display: block;
      width: 100%;
    }
    .buttons {
      display: flex;
      gap: 0.5rem;
      margin-top: 0.5rem;
    }
    .problem {
      color: #b42318;
    }
  `,
})
export class PortalChatPage {
  private readonly api = inject(ChatApi);
  private readonly session = inject(Session);
  protected readonly chat = signal<Chat | null>(null);
  protected readonly messages = signal<ChatMessage[]>([]);
  protected readonly draft = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly agentTyping = signal(false);
  /** What she has written so far, the articles are suggested from. */
  protected readonly typedText = computed(() =>
    [
      ...this.messages()
        .filter((m) => m.author === 'visitor')
        .map((m) => m.body),
      this.draft(),
    ].join(' '),
  );
  private abort = new AbortController();
  private typingSentAt = 0;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    const open = sessionStorage.getItem(OPEN_CHAT);
    if (open)
      this.api.transcript(open).subscribe({
        next: (c) => {
          const { messages, ...chat } = c;
          this.messages.set(messages);
          this.follow(chat);
        },
        error: () => sessionStorage.removeItem(OPEN_CHAT),
      });
    inject(DestroyRef).onDestroy(() => {
      this.abort.abort();
      clearTimeout(this.typingTimer);
    });
  }

  protected status(c: Chat): string {
    switch (c.state) {
      case 'waiting':
        return `Waiting for an agent: you are number ${c.position ?? 1} in the queue, about ${Math.max(1, Math.round((c.waitSeconds ?? 60) / 60))} min.`;
      case 'active':
        return `${c.agentName ?? 'An agent'} is chatting with you.`;
      case 'ticket':
        return c.backAt
          ? `Nobody is at the desk now (back ${new Date(c.backAt).toLocaleString()}): your chat is ticket ${c.ticketNumber}, we answer there.`
          : `Nobody was free to chat: your chat is ticket ${c.ticketNumber}, we answer there.`;
      default:
        return `The chat has ended; ticket ${c.ticketNumber} keeps the conversation.`;
    }
  }

  protected start(): void {
    const message = this.draft().trim();
    if (!message) return;
    this.busy.set(true);
    this.error.set(null);
    this.api.start(message).subscribe({
      next: (c) => {
        this.busy.set(false);
        this.draft.set('');
        sessionStorage.setItem(OPEN_CHAT, c.chatId);
        this.follow(c);
      },
      error: (err: { error?: { message?: string } }) => {
        this.busy.set(false);
        this.error.set(err.error?.message ?? 'The chat could not be started.');
      },
    });
  }

  protected send(): void {
    const c = this.chat();
    const body = this.draft().trim();
    if (!c || !body) return;
    this.busy.set(true);
    this.api.send(c.chatId, body).subscribe({
      next: (m) => {
        this.busy.set(false);
        this.draft.set('');
        this.add(m);
      },
      error: (err: { error?: { message?: string } }) => {
        this.busy.set(false);
        this.error.set(err.error?.message ?? 'The message could not be sent.');
      },
    });
  }

  protected typed(): void {
    const c = this.chat();
    if (!c || Date.now() - this.typingSentAt < 3000) return;
    this.typingSentAt = Date.now();
    this.api.typing(c.chatId).subscribe({ error: () => undefined });
  }

  protected end(): void {
    const c = this.chat();
    if (!c) return;
    this.api.end(c.chatId).subscribe({
      next: (chat) => this.chat.set(chat),
      error: () => this.error.set('The chat could not be ended.'),
    });
  }

  /** An article answered it: a chat not yet started is not needed, an open one can end. */
  protected solved(): void {
    if (this.chat()) this.end();
    else this.draft.set('');
  }

  protected reset(): void {
    this.abort.abort();
    sessionStorage.removeItem(OPEN_CHAT);
    this.chat.set(null);
    this.messages.set([]);
    this.error.set(null);
  }

  protected add(m: ChatMessage): void {
    if (this.messages().some((x) => x.id === m.id)) return;
    this.messages.update((list) => [...list, m]);
    if (m.author === 'agent') this.agentTyping.set(false);
  }

  private follow(chat: Chat): void {
    this.chat.set(chat);
    this.abort = new AbortController();
    void followChat(
      chat.chatId,
      () => this.session.accessToken,
      () => this.messages().at(-1)?.id,
      {
        message: (m) => this.add(m),
        state: (c) => this.chat.set(c),
        typing: (who) => {
          if (who !== 'agent') return;
          this.agentTyping.set(true);
          clearTimeout(this.typingTimer);
          this.typingTimer = setTimeout(() => this.agentTyping.set(false), 4000);
        },
      },
      this.abort.signal,
    );
  }
}
