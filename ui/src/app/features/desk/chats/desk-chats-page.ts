// Over 300 lines because the queue, every open conversation and its stream live on one screen, as agents work them.
import { Component, DestroyRef, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Chat, ChatApi, ChatMessage } from '../../../core/api/chat-api';
import { CannedResponse, DeskConfigApi } from '../../../core/api/desk-config-api';
import { Session } from '../../../core/auth/session';
import { followDeskChats } from '../../../core/live/chat-stream';
import { LiveTickets } from '../../../core/live/live-tickets';
import { ChatFiles } from '../../tickets/chat-files';
import { ChatSuggestions } from './chat-suggestions';

/** One chat the agent has taken: its transcript, as its stream delivers it, and what they are writing. */
interface Conversation {
  chat: Chat;
  messages: ChatMessage[];
  draft: string;
  visitorTyping: boolean;
  typingTimer?: ReturnType<typeof setTimeout>;
}

/**
 * The desk's chat view: chats waiting in your groups (with their place and wait), taken with one click
 * (the first agent wins); the chats you have taken side by side, each with its live transcript, the
 * visitor's typing, a canned response picker and an end button. Text is shown as text, never as HTML.
 */
@Component({
  selector: 'app-desk-chats-page',
  imports: [ChatFiles, ChatSuggestions, FormsModule, RouterLink],
  template: `
    <div class="chats">
      <header>
        <h1>Chats</h1>
        <a routerLink="/desk">Back to the desk</a>
      </header>
      @if (error()) {
        <p role="alert" class="problem">{{ error() }}</p>
      }
      @if (!available()) {
        <p data-testid="chat-unavailable">You are away: waiting chats are offered to available agents only.</p>
      }
      <section aria-labelledby="waiting-heading">
        <h2 id="waiting-heading">Waiting</h2>
        @if (!waiting().length) {
          <p data-testid="no-waiting-chats">Nobody is waiting.</p>
        }
        <ul class="waiting">
          @for (c of waiting(); track c.chatId) {
            <li [attr.data-testid]="'waiting-' + c.ticketNumber">
              <span
                ><strong>{{ c.visitorName }}</strong> · {{ c.ticketNumber }} · #{{ c.position }} in the queue · about
                {{ minutes(c.waitSeconds) }} min</span
              >
              <button type="button" data-testid="take-chat" [disabled]="busy()" (click)="take(c)">Take</button>
            </li>
          }
        </ul>
      </section>
      <section aria-labelledby="mine-heading">
        <h2 id="mine-heading">My chats</h2>
        <div class="conversations">
          @for (conv of conversations(); track conv.chat.chatId) {
            <article class="conversation" [attr.data-testid]="'chat-' + conv.chat.ticketNumber">
              <h3>
                {{ conv.chat.visitorName }} ·
                <a [routerLink]="['/desk/tickets', conv.chat.ticketNumber]">{{ conv.chat.ticketNumber }}</a>
              </h3>
              <ol class="log" aria-live="polite">
                @for (m of conv.messages; track m.id) {
                  <li [class]="m.author" data-testid="chat-line">
                    <strong>{{ m.author === 'agent' ? 'You' : m.name }}</strong>: {{ m.body }}
                    @if (m.attachments.length) {
                      <app-chat-files [files]="m.attachments" />
                    }
                  </li>
                }
              </ol>
              <app-chat-suggestions [text]="requesterText(conv)" [ticketNumber]="conv.chat.ticketNumber" (offer)="addLine(conv, $event)" />
              <p class="typing" data-testid="visitor-typing">{{ conv.visitorTyping ? conv.chat.visitorName + ' is typing…' : '' }}</p>
              <label>
                Canned response
                <select data-testid="canned-select" (change)="useCanned(conv, $any($event.target).value)">
                  <option value="">Choose…</option>
                  @for (r of canned(); track r.id) {
                    <option [value]="r.id">{{ r.title }}</option>
                  }
                </select>
              </label>
              <app-chat-files [chatId]="conv.chat.chatId" (sent)="add(conv, $event)" />
              <form (ngSubmit)="send(conv)">
                <label>
                  Message
                  <textarea
                    [(ngModel)]="conv.draft"
                    [name]="'draft-' + conv.chat.chatId"
                    rows="2"
                    maxlength="2000"
                    data-testid="chat-draft"
                    (input)="typed(conv)"
                  ></textarea>
                </label>
                <div class="buttons">
                  <button type="submit" data-testid="chat-send" [disabled]="!conv.draft.trim()">Send</button>
                  <button type="button" data-testid="chat-end" (click)="end(conv)">End chat</button>
                </div>
              </form>
            </article>
          } @empty {
            <p>You have no open chats.</p>
          }
        </div>
      </section>
    </div>
  `,
  styles: `
    .chats {
      max-width: 75rem;
      margin: 0 auto;
      padding: 1rem;
    }
    header {
      display: flex;
      justify-content: space-between;
      align-items: baseline;
    }
    ul.waiting {
      list-style: none;
      padding: 0;
    }
    ul.waiting li {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 0.5rem;
      border: 1px solid #d0d7de;
      border-radius: 6px;
      padding: 0.5rem 0.75rem;
      margin-bottom: 0.5rem;
    }
    .conversations {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 22rem), 1fr));
      gap: 1rem;
    }
    .conversation {
      border: 1px solid #d0d7de;
      border-radius: 6px;
      padding: 0.5rem 0.75rem;
      min-width: 0;
    }
    .conversation h3 {
      font-size: 1rem;
      margin: 0 0 0.5rem;
    }
    .log {
      list-style: none;
      padding: 0;
      max-height: 18rem;
      overflow-y: auto;
      overflow-wrap: anywhere;
    }
    .log li {
      margin: 0.25rem 0;
    }
    .log li.agent {
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
    label {
      display: block;
      margin: 0.25rem 0;
    }
    textarea,
    select {
      display: block;
      width: 100%;
    }
    .buttons {
      display: flex;
      gap: 0.5rem;
    }
    .problem {
      color: #b42318;
    }
  `,
})
export class DeskChatsPage {
  private readonly api = inject(ChatApi);
  private readonly config = inject(DeskConfigApi);
  private readonly session = inject(Session);
  protected readonly waiting = signal<Chat[]>([]);
  protected readonly conversations = signal<Conversation[]>([]);
  protected readonly canned = signal<CannedResponse[]>([]);
  protected readonly available = signal(true);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  private typingSentAt = 0;
  /** The one stream of all the chats held here, and which chats it follows. */
  private streamAbort: AbortController | null = null;
  private followed = '';

  constructor() {
    this.load();
    this.config.cannedResponses().subscribe({ next: (page) => this.canned.set(page.items), error: () => this.canned.set([]) });
    // A chat started, taken or ended anywhere: read the queue again (the live feed names chats to staff).
    const live = inject(LiveTickets).changes.subscribe((event) => {
      if (event.kind === 'chat' || event.kind === 'resync' || event.kind === 'ticket') this.load();
    });
    // Without the live feed the queue is still read every 15 s.
    const poll = setInterval(() => this.load(), 15_000);
    inject(DestroyRef).onDestroy(() => {
      live.unsubscribe();
      clearInterval(poll);
      this.streamAbort?.abort();
    });
  }

  protected minutes(seconds: number | null): number {
    return Math.max(1, Math.round((seconds ?? 60) / 60));
  }

  /** What the requester wrote in this chat, the articles beside it are suggested from. */
  protected requesterText(conv: Conversation): string {
    return conv.messages
      .filter((m) => m.author === 'visitor')
      .map((m) => m.body)
      .join(' ');
  }

  protected addLine(conv: Conversation, line: string): void {
    conv.draft = conv.draft.trim() ? `${conv.draft.trim()}\n${line}` : line;
    this.conversations.update((list) => [...list]);
  }

  protected take(chat: Chat): void {
    this.busy.set(true);
    this.error.set(null);
    this.api.take(chat.chatId).subscribe({
      next: () => {
        this.busy.set(false);
        this.load();
      },
      error: (err: { status?: number; error?: { message?: string } }) => {
        this.busy.set(false);
        this.error.set(err.status === 409 ? 'Another agent took this chat first.' : (err.error?.message ?? 'The chat could not be taken.'));
        this.load();
      },
    });
  }

  protected send(conv: Conversation): void {
    const body = conv.draft.trim();
    if (!body) return;
    this.api.send(conv.chat.chatId, body).subscribe({
      next: (m) => {
        conv.draft = '';
        this.add(conv, m);
      },
      error: (err: { error?: { message?: string } }) => this.error.set(err.error?.message ?? 'The message could not be sent.'),
    });
  }

  protected typed(conv: Conversation): void {
    if (Date.now() - this.typingSentAt < 3000) return;
    this.typingSentAt = Date.now();
    this.api.typing(conv.chat.chatId).subscribe({ error: () => undefined });
  }

  protected useCanned(conv: Conversation, id: string): void {
    if (!id) return;
    this.config.renderCannedResponse(id, conv.chat.ticketNumber).subscribe({
      next: (r) => {
        conv.draft = r.body;
        this.conversations.update((list) => [...list]);
      },
      error: () => this.error.set('The canned response could not be filled in.'),
    });
  }

  protected end(conv: Conversation): void {
    this.api.end(conv.chat.chatId).subscribe({ next: () => this.load(), error: () => this.error.set('The chat could not be ended.') });
  }

  private load(): void {
    this.api.desk().subscribe({
      next: (desk) => {
        this.available.set(desk.available);
        this.waiting.set(desk.waiting);
        const open = new Map(this.conversations().map((c) => [c.chat.chatId, c]));
        const next = desk.mine.map((chat): Conversation => {
          const known = open.get(chat.chatId);
          if (!known) return { chat, messages: [], draft: '', visitorTyping: false };
          known.chat = chat;
          return known;
        });
        this.conversations.set(next);
        this.followHeldChats();
      },
      error: () => this.error.set('The chats could not be loaded.'),
    });
  }

  protected add(conv: Conversation, m: ChatMessage): void {
    if (conv.messages.some((x) => x.id === m.id)) return;
    conv.messages = [...conv.messages, m];
    if (m.author === 'visitor') conv.visitorTyping = false;
    this.conversations.update((list) => [...list]);
  }

  /**
   * Follows the chats held here on one stream, opened again whenever a chat is taken or let go (chats no
   * longer held, ended or handed on, stop being followed then).
   */
  private followHeldChats(): void {
    const held = this.conversations()
      .map((c) => c.chat.chatId)
      .sort()
      .join(',');
    if (held === this.followed) return;
    this.followed = held;
    this.streamAbort?.abort();
    this.streamAbort = null;
    if (!held) return;
    const abort = new AbortController();
    this.streamAbort = abort;
    const heldChat = (chatId: string) => this.conversations().find((c) => c.chat.chatId === chatId);
    void followDeskChats(
      () => this.conversations().map((c) => ({ chatId: c.chat.chatId, lastMessageId: c.messages.at(-1)?.id })),
      () => this.session.accessToken,
      {
        message: (chatId, m) => {
          const conv = heldChat(chatId);
          if (conv) this.add(conv, m);
        },
        typing: (chatId) => {
          const conv = heldChat(chatId);
          if (!conv) return;
          conv.visitorTyping = true;
          clearTimeout(conv.typingTimer);
          conv.typingTimer = setTimeout(() => {
            conv.visitorTyping = false;
            this.conversations.update((list) => [...list]);
          }, 4000);
          this.conversations.update((list) => [...list]);
        },
      },
      abort.signal,
    );
  }
}
