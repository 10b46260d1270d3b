import { Component, OnChanges, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { ChannelsAdminApi } from '../../../core/api/channels-admin-api';
import { BusinessCalendar, DeskConfigApi } from '../../../core/api/desk-config-api';
import { Group } from '../../../core/api/directory-api';
import { ProblemMessage } from '../../operate/problem-message';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';

/** What a group without settings does (service-catalog/chat/domain/chat-service.ts DEFAULT_OFFER_SECONDS). */
const DEFAULT_OFFER_SECONDS = 180;

/**
 * A group's live chat (issue 25): how long a chat waits for one of its agents before it becomes a plain
 * ticket, and the calendar of its chat hours (outside them the widget says when someone is back).
 */
@Component({
  selector: 'app-group-chat-queue',
  imports: [FormsModule, ProblemMessage],
  template: `
    <section
      class="card"
      [attr.aria-label]="'Live chat of ' + group().name"
      data-testid="group-chat-queue"
      [attr.data-loaded]="loadedFor()"
    >
      <h3>Live chat</h3>
      <form class="settings" (ngSubmit)="save()" novalidate aria-label="Chat settings">
        <label class="field"
          ><span>Wait for an agent (seconds)</span
          ><input
            name="offerSeconds"
            inputmode="numeric"
            data-testid="queue-offer"
            [(ngModel)]="offerSeconds"
            [attr.aria-invalid]="!!problems().fields['offerSeconds']"
          />
          <span class="field-error" data-testid="queue-offer-error">{{ problems().fields['offerSeconds'] }}</span></label
        >
        <label class="field"
          ><span>Chat hours</span>
          <select name="calendarId" data-testid="queue-calendar" [(ngModel)]="calendarId">
            <option value="">Always open</option>
            @for (c of calendars(); track c.id) {
              <option [value]="c.id">{{ c.name }}</option>
            }
          </select></label
        >
        <button type="submit" [disabled]="busy()" data-testid="queue-save">Save chat settings</button>
      </form>
      @if (saved()) {
        <p class="status success" role="status" data-testid="queue-saved">Chat settings saved.</p>
      }
      @if (problems().general; as p) {
        <app-problem-message [problem]="p" data-testid="queue-problem" />
      }
      @if (loadError(); as p) {
        <app-problem-message [problem]="p" />
      }
    </section>
  `,
  styles: `
    .settings {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: flex-end;
    }
  `,
})
export class GroupChatQueue implements OnChanges {
  private readonly api = inject(ChannelsAdminApi);
  private readonly deskConfig = inject(DeskConfigApi);
  readonly group = input.required<Group>();
  protected readonly calendars = signal<BusinessCalendar[]>([]);
  /** The group whose settings the form shows (a signal, so the page redraws once they arrive). */
  protected readonly loadedFor = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly saved = signal(false);
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected readonly loadError = signal<ApiProblem | null>(null);
  protected offerSeconds = String(DEFAULT_OFFER_SECONDS);
  protected calendarId = '';

  constructor() {
    firstValueFrom(this.deskConfig.calendars())
      .then(({ items }) => this.calendars.set(items))
      .catch((err: unknown) => this.loadError.set(toApiProblem(err)));
  }

  ngOnChanges(): void {
    this.saved.set(false);
    this.loadedFor.set(null);
    this.problems.set(NO_PATH_PROBLEMS);
    void this.load(this.group().key);
  }

  protected async save(): Promise<void> {
    this.busy.set(true);
    this.saved.set(false);
    this.problems.set(NO_PATH_PROBLEMS);
    const seconds = this.offerSeconds.trim();
    try {
      const queue = await firstValueFrom(
        this.api.setQueue(this.group().key, {
          // A number the API checks; text goes as it is, so the answer names the field.
          offerSeconds: seconds !== '' && Number.isFinite(Number(seconds)) ? Number(seconds) : (seconds as unknown as number),
          calendarId: this.calendarId || null,
        }),
      );
      this.offerSeconds = String(queue.offerSeconds);
      this.calendarId = queue.calendarId ?? '';
      this.saved.set(true);
    } catch (err) {
      this.problems.set(pathProblems(toApiProblem(err), ['offerSeconds', 'calendarId']));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(key: string): Promise<void> {
    try {
      const queue = (await firstValueFrom(this.api.queues())).find((q) => q.groupKey === key);
      if (key !== this.group().key) return;
      this.offerSeconds = String(queue?.offerSeconds ?? DEFAULT_OFFER_SECONDS);
      this.calendarId = queue?.calendarId ?? '';
      this.loadedFor.set(key);
    } catch (err) {
      this.loadError.set(toApiProblem(err));
    }
  }
}
