import { NgTemplateOutlet } from '@angular/common';
import { Component, OnInit, computed, contentChild, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { Organization } from '../../../core/api/directory-api';
import { ProblemMessage } from '../../operate/problem-message';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';
import { KeyedChannel, KeyedRecord, ShownKey } from './keyed-channel';
import { KeyedRowTemplate, ShownKeyTemplate } from './keyed-channel-templates';
import { KeyedRecordControls } from './keyed-record-controls';

/** The replaced secret's grace, as the API takes it (minutes); 0 refuses it at once. */
const GRACES = [
  { minutes: 1440, label: 'Accept the old secret for 24 hours' },
  { minutes: 60, label: 'Accept the old secret for 1 hour' },
  { minutes: 0, label: 'Refuse the old secret at once (it leaked)' },
];

/**
 * The admin panel of a keyed channel (issue 25), configured by the channel: its records listed with their
 * customer, a form that issues one for a customer (the channel projects its own fields as `[fields]` and its
 * hint as `[hint]`), the secret of a create or a rotation shown once with a copy button, and, where the channel
 * allows it, rotation with a grace for the old secret. Each record is renamed and switched off and on by its
 * KeyedRecordControls. A secret is in the API's answer only, so it is gone when dismissed or on leaving the page.
 */
@Component({
  selector: 'app-keyed-channel-panel',
  imports: [FormsModule, KeyedRecordControls, NgTemplateOutlet, ProblemMessage],
  template: `
    <section class="card" [attr.aria-labelledby]="channel().titleId" [attr.data-testid]="channel().testId">
      <header class="card-header">
        <div>
          <h2 [id]="channel().titleId">{{ channel().title }}</h2>
          <ng-content select="[hint]" />
        </div>
      </header>
      <form class="row" (ngSubmit)="create()" novalidate [attr.aria-label]="channel().formLabel" [attr.data-testid]="id('form')">
        <label class="field"
          ><span>Customer</span>
          <select
            name="organizationId"
            [attr.data-testid]="id('organization')"
            [(ngModel)]="organizationId"
            [attr.aria-invalid]="!!problems().fields['organizationId']"
          >
            <option value="">Choose…</option>
            @for (o of organizations(); track o.id) {
              <option [value]="o.id">{{ o.name }}</option>
            }
          </select>
          <span class="field-error" [attr.data-testid]="id('organization-error')">{{ problems().fields['organizationId'] }}</span></label
        >
        <label class="field"
          ><span>Name</span
          ><input name="name" [attr.data-testid]="id('name')" [(ngModel)]="name" [attr.aria-invalid]="!!problems().fields['name']" />
          <span class="field-error" [attr.data-testid]="id('name-error')">{{ problems().fields['name'] }}</span></label
        >
        <ng-content select="[fields]" />
        <button type="submit" [disabled]="busy()" [attr.data-testid]="id('create')">{{ channel().createText }}</button>
      </form>
      @if (problems().general; as p) {
        <app-problem-message [problem]="p" [attr.data-testid]="id('problem')" />
      }
      @if (shown(); as s) {
        <div class="status success secret" role="status" [attr.data-testid]="id('secret')">
          <ng-container [ngTemplateOutlet]="shownTemplate()?.template ?? null" [ngTemplateOutletContext]="{ $implicit: s }" />
          <button type="button" (click)="copy(s.key)" [attr.data-testid]="id('copy')">
            {{ copied() ? 'Copied' : (channel().copyText ?? 'Copy') }}
          </button>
          <button type="button" (click)="shown.set(null)" [attr.data-testid]="id('secret-done')">Done</button>
        </div>
      }
      @if (loadError(); as p) {
        <app-problem-message [problem]="p" />
      }
      <ul class="list">
        @for (r of records(); track r.id) {
          <li [attr.data-testid]="id(r.name)">
            <ng-container
              [ngTemplateOutlet]="row().template"
              [ngTemplateOutletContext]="{ $implicit: r, organization: organizationName(r.organizationId) }"
            />
            <app-keyed-record-controls [channel]="channel()" [record]="r" (changed)="replace($event)" />
            @if (rotatable()) {
              <div class="row">
                <label class="field"
                  ><span>Old secret after rotating</span>
                  <select [name]="'grace-' + r.id" [attr.data-testid]="id('grace')" [(ngModel)]="grace[r.id]">
                    @for (g of graces; track g.minutes) {
                      <option [ngValue]="g.minutes">{{ g.label }}</option>
                    }
                  </select></label
                >
                <button type="button" (click)="rotate(r)" [disabled]="busy()" [attr.data-testid]="id('rotate')">
                  {{ channel().rotateText }}
                </button>
              </div>
            }
          </li>
        } @empty {
          <li class="muted">{{ channel().emptyText }}</li>
        }
      </ul>
    </section>
  `,
  styleUrl: './channels.css',
})
export class KeyedChannelPanel<Listed extends KeyedRecord, Shown extends ShownKey> implements OnInit {
  readonly channel = input.required<KeyedChannel<Listed, Shown>>();
  readonly organizations = input.required<Organization[]>();
  /** Read by the channel's own fields, which show their problems beside them. */
  readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected readonly row = contentChild.required<KeyedRowTemplate<Listed>>(KeyedRowTemplate);
  protected readonly shownTemplate = contentChild<ShownKeyTemplate<Shown>>(ShownKeyTemplate);
  protected readonly graces = GRACES;
  protected readonly records = signal<Listed[]>([]);
  protected readonly shown = signal<Shown | null>(null);
  protected readonly copied = signal(false);
  protected readonly busy = signal(false);
  protected readonly loadError = signal<ApiProblem | null>(null);
  protected readonly rotatable = computed(() => !!this.channel().rotate);
  protected organizationId = '';
  protected name = '';
  protected grace: Record<string, number> = {};

  ngOnInit(): void {
    // The channel is an input: it is known from the first change detection on, not in the constructor.
    void this.load();
  }

  protected id(suffix: string): string {
    return `${this.channel().prefix}-${suffix}`;
  }

  protected organizationName(id: string): string {
    return this.organizations().find((o) => o.id === id)?.name ?? '';
  }

  protected async create(): Promise<void> {
    await this.run(async () => {
      const channel = this.channel();
      const issued = await firstValueFrom(channel.create({ organizationId: this.organizationId, name: this.name }));
      this.shown.set(issued.shown);
      this.records.update((list) => [...list, issued.record]);
      this.grace[issued.record.id] = GRACES[0]!.minutes;
      this.name = '';
      channel.created?.();
    });
  }

  protected async rotate(record: Listed): Promise<void> {
    const channel = this.channel();
    const rotate = channel.rotate?.bind(channel);
    if (!rotate) return;
    await this.run(async () => {
      const issued = await firstValueFrom(rotate(record, this.grace[record.id] ?? GRACES[0]!.minutes));
      this.shown.set(issued.shown);
      this.replace(issued.record);
    });
  }

  protected replace(record: Listed): void {
    this.records.update((list) => list.map((r) => (r.id === record.id ? record : r)));
  }

  protected async copy(key: string): Promise<void> {
    await navigator.clipboard.writeText(key);
    this.copied.set(true);
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    this.copied.set(false);
    try {
      await action();
    } catch (err) {
      this.problems.set(pathProblems(toApiProblem(err), this.channel().fields));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(): Promise<void> {
    try {
      const list = await firstValueFrom(this.channel().list());
      this.records.set(list);
      this.grace = Object.fromEntries(list.map((r) => [r.id, GRACES[0]!.minutes]));
    } catch (err) {
      this.loadError.set(toApiProblem(err));
    }
  }
}
