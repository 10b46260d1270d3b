import { HttpEventType } from '@angular/common/http';
import { Component, effect, inject, input, signal, untracked } from '@angular/core';
import { firstValueFrom, lastValueFrom, tap } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../core/api/api-error';
import { AttachmentsApi, TicketAttachment } from '../../core/api/attachments-api';
import { ProblemMessage } from '../operate/problem-message';

/** One file on its way up: its progress, then either gone (listed) or refused with the server's words. */
interface Upload {
  key: number;
  name: string;
  percent: number;
  problem: ApiProblem | null;
}

const formatSize = (bytes: number) =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * The files on a ticket, for agents and requesters alike: the list with a download button each (the
 * API wants the bearer token, so a download is fetched as a blob and saved under its name; images show a
 * small preview), and a file picker that uploads each chosen file at once with its progress. A refused
 * file (too large, a type the API does not take, over the quota) stays in the list of uploads with the
 * server's own message.
 */
@Component({
  selector: 'app-ticket-attachments',
  imports: [ProblemMessage],
  template: `
    <section class="attachments" aria-labelledby="attachments-title" data-testid="ticket-attachments">
      <h4 id="attachments-title">Attachments</h4>
      <ul class="files">
        @for (a of items(); track a.id) {
          <li data-testid="attachment" [attr.data-name]="a.filename">
            @if (previews()[a.id]; as src) {
              <img [src]="src" alt="" class="thumb" data-testid="attachment-preview" />
            }
            <span class="name">{{ a.filename }}</span>
            <span class="muted">{{ size(a.size) }} · {{ a.uploadedByName }}</span>
            <button type="button" (click)="download(a)" [attr.aria-label]="'Download ' + a.filename" data-testid="attachment-download">
              Download
            </button>
          </li>
        } @empty {
          <li class="muted">No files yet.</li>
        }
      </ul>
      @if (loadProblem(); as p) {
        <app-problem-message [problem]="p" />
      }
      <label class="field">
        <span>Attach files</span>
        <input type="file" multiple (change)="chosen($event)" data-testid="attachment-input" />
      </label>
      <ul class="uploads" aria-live="polite">
        @for (u of uploads(); track u.key) {
          <li data-testid="attachment-upload" [attr.data-name]="u.name">
            <span class="name">{{ u.name }}</span>
            @if (u.problem; as p) {
              <app-problem-message data-testid="attachment-refused" [problem]="p" />
            } @else {
              <progress max="100" [value]="u.percent" [attr.aria-label]="'Uploading ' + u.name">{{ u.percent }} %</progress>
            }
          </li>
        }
      </ul>
    </section>
  `,
  styles: `
    .files,
    .uploads {
      list-style: none;
      padding: 0;
      margin: 0.25rem 0;
    }
    .files li,
    .uploads li {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 0.75rem;
      align-items: center;
      padding: 0.3rem 0;
    }
    .name {
      overflow-wrap: anywhere;
    }
    .thumb {
      max-width: 4rem;
      max-height: 3rem;
      object-fit: cover;
      border: 1px solid var(--border);
    }
    progress {
      width: min(12rem, 60vw);
    }
  `,
})
export class TicketAttachments {
  private readonly api = inject(AttachmentsApi);
  readonly number = input.required<string>();
  protected readonly items = signal<TicketAttachment[]>([]);
  protected readonly uploads = signal<Upload[]>([]);
  protected readonly previews = signal<Record<string, string>>({});
  protected readonly loadProblem = signal<ApiProblem | null>(null);
  private seq = 0;

  constructor() {
    effect(() => {
      const number = this.number();
      untracked(() => void this.load(number));
    });
  }

  protected size(bytes: number): string {
    return formatSize(bytes);
  }

  protected async chosen(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    // One at a time: the quota is per ticket, so the server judges each file knowing the ones before it.
    for (const file of files) await this.upload(file);
  }

  protected async download(a: TicketAttachment): Promise<void> {
    try {
      const blob = await firstValueFrom(this.api.download(this.number(), a.id));
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = a.filename;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      this.loadProblem.set(toApiProblem(e));
    }
  }

  private async upload(file: File): Promise<void> {
    const key = ++this.seq;
    const patch = (change: Partial<Upload>) => this.uploads.update((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));
    this.uploads.update((all) => [...all, { key, name: file.name, percent: 0, problem: null }]);
    try {
      const done = await lastValueFrom(
        this.api.upload(this.number(), file).pipe(
          tap((e) => {
            if (e.type === HttpEventType.UploadProgress && e.total) patch({ percent: Math.round((100 * e.loaded) / e.total) });
          }),
        ),
      );
      if (done.type === HttpEventType.Response && done.body) {
        const stored = done.body;
        this.items.update((all) => [...all, stored]);
        void this.preview(stored);
      }
      this.uploads.update((all) => all.filter((u) => u.key !== key));
    } catch (e) {
      patch({ problem: toApiProblem(e) });
    }
  }

  private async load(number: string): Promise<void> {
    this.loadProblem.set(null);
    try {
      const { items } = await firstValueFrom(this.api.list(number));
      this.items.set(items);
      for (const a of items) void this.preview(a);
    } catch (e) {
      this.loadProblem.set(toApiProblem(e));
    }
  }

  /**
   * A thumbnail for an image, from its bytes (the download route never renders inline); a data: URL,
   * since the page's content security policy takes images from itself and data: only.
   */
  private async preview(a: TicketAttachment): Promise<void> {
    if (!/^image\/(png|jpeg|gif|webp)$/.test(a.contentType) || a.size > 2 * 1024 * 1024) return;
    try {
      const blob = await firstValueFrom(this.api.download(this.number(), a.id));
      const url = await new Promise<string>((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result as string);
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(new Blob([blob], { type: a.contentType }));
      });
      this.previews.update((all) => ({ ...all, [a.id]: url }));
    } catch {
      // No preview is no loss: the file is still listed with its download button.
    }
  }
}
