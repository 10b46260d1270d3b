import { Component, inject, input, output, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../core/api/api-error';
import { ChatApi, ChatFile, ChatMessage } from '../../core/api/chat-api';

/**
 * Files in a chat line and the way to send one (issue 25), for the desk's agent and the portal's requester.
 * Downloads go through the chat with the user's sign-in, so a file is fetched and handed to the browser as
 * a download, never shown inline.
 * A refused file (too large, a type the desk does not take) is said next to the button, in the API's words.
 */
@Component({
  selector: 'app-chat-files',
  template: `
    @for (f of files(); track f.id) {
      <button type="button" class="file" data-testid="chat-file" (click)="download(f)">Download {{ f.filename }}</button>
    }
    @if (chatId(); as id) {
      <label class="attach">
        Attach a file
        <input type="file" data-testid="chat-file-input" [disabled]="busy()" (change)="chosen(id, $event)" />
      </label>
    }
    @if (problem()) {
      <p role="alert" class="problem" data-testid="chat-file-problem">{{ problem() }}</p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .file {
      display: inline-block;
      margin: 0.15rem 0;
      overflow-wrap: anywhere;
    }
    .attach {
      display: block;
      margin: 0.25rem 0;
    }
    .attach input {
      display: block;
      max-width: 100%;
    }
    .problem {
      color: #b42318;
    }
  `,
})
export class ChatFiles {
  private readonly api = inject(ChatApi);
  /** The files of one transcript line (shown as download buttons). */
  readonly files = input<ChatFile[]>([]);
  /** Set to offer sending a file into this chat. */
  readonly chatId = input<string | null>(null);
  readonly sent = output<ChatMessage>();
  protected readonly busy = signal(false);
  protected readonly problem = signal<string | null>(null);

  protected async chosen(chatId: string, event: Event): Promise<void> {
    const picker = event.target as HTMLInputElement;
    const file = picker.files?.[0];
    picker.value = '';
    if (!file) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      this.sent.emit(await firstValueFrom(this.api.sendFile(chatId, file)));
    } catch (err) {
      this.problem.set(toApiProblem(err).message);
    } finally {
      this.busy.set(false);
    }
  }

  protected async download(f: ChatFile): Promise<void> {
    try {
      const blob = await firstValueFrom(this.api.download(f.url));
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = f.filename;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      this.problem.set(toApiProblem(err).message);
    }
  }
}
