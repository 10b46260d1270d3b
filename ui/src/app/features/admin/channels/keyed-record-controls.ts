import { DatePipe } from '@angular/common';
import { Component, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../../core/api/api-error';
import { Confirm } from '../../../shared/confirm-dialog/confirm-dialog';
import { ProblemMessage } from '../../operate/problem-message';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';
import { KeyedChange, KeyedChannel, KeyedRecord, ShownKey } from './keyed-channel';

/**
 * A keyed channel's record as the admin switches it (a leaked secret, a spammed site, a line that moved):
 * whether it is on, or off since when, in words; a button that turns it off, after a confirmation, or
 * back on; and an inline rename. Every change is the API's answer: the panel replaces its line with it.
 * A problem shows under the line it is about, a bad name next to the name being typed.
 */
@Component({
  selector: 'app-keyed-record-controls',
  imports: [DatePipe, FormsModule, ProblemMessage],
  template: `
    <div class="row controls">
      <span class="switch-state" [class.off]="!record().active" [attr.data-testid]="id('state')" [attr.data-active]="record().active">
        @if (record().active) {
          On
        } @else {
          Off since {{ record().disabledAt | date: 'medium' }}
        }
      </span>
      @if (renaming()) {
        <form class="row" (ngSubmit)="rename()" novalidate [attr.aria-label]="'Rename ' + record().name">
          <label class="field"
            ><span>New name</span
            ><input
              name="rename"
              [attr.data-testid]="id('rename-name')"
              [(ngModel)]="draft"
              [attr.aria-invalid]="!!problems().fields['name']"
            />
            <span class="field-error" [attr.data-testid]="id('rename-error')">{{ problems().fields['name'] }}</span></label
          >
          <button type="submit" [disabled]="busy()" [attr.data-testid]="id('rename-save')">Save name</button>
          <button type="button" (click)="cancelRename()" [attr.data-testid]="id('rename-cancel')">Cancel</button>
        </form>
      } @else {
        <button type="button" (click)="startRename()" [attr.aria-label]="'Rename ' + record().name" [attr.data-testid]="id('rename')">
          Rename
        </button>
      }
      <button
        type="button"
        (click)="toggle()"
        [disabled]="busy()"
        [class.destructive]="record().active"
        [attr.aria-label]="(record().active ? 'Turn off ' : 'Turn back on ') + record().name"
        [attr.data-testid]="id('toggle')"
      >
        {{ record().active ? 'Turn off' : 'Turn back on' }}
      </button>
    </div>
    @if (problems().general; as p) {
      <app-problem-message [problem]="p" [attr.data-testid]="id('row-problem')" />
    }
  `,
  styleUrl: './channels.css',
})
export class KeyedRecordControls<Listed extends KeyedRecord> {
  private readonly confirm = inject(Confirm);
  readonly channel = input.required<KeyedChannel<Listed, ShownKey>>();
  readonly record = input.required<Listed>();
  /** The record as the API answered a change: the panel shows it in place of the old one. */
  readonly changed = output<Listed>();
  protected readonly renaming = signal(false);
  protected readonly busy = signal(false);
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected draft = '';

  protected id(suffix: string): string {
    return `${this.channel().prefix}-${suffix}`;
  }

  protected startRename(): void {
    this.draft = this.record().name;
    this.problems.set(NO_PATH_PROBLEMS);
    this.renaming.set(true);
  }

  protected cancelRename(): void {
    this.problems.set(NO_PATH_PROBLEMS);
    this.renaming.set(false);
  }

  protected async rename(): Promise<void> {
    const name = this.draft.trim();
    if (name === this.record().name) return this.cancelRename();
    if (await this.save({ name })) this.renaming.set(false);
  }

  protected async toggle(): Promise<void> {
    const record = this.record();
    const channel = this.channel();
    if (record.active) {
      const sure = await this.confirm.ask({
        title: `Turn off the ${channel.noun} “${record.name}”?`,
        message: `${channel.offEffect} You can turn it back on at any time.`,
        confirmText: 'Turn off',
        destructive: true,
      });
      if (!sure) return;
    }
    await this.save({ active: !record.active });
  }

  /** True when the API took the change. */
  private async save(change: KeyedChange): Promise<boolean> {
    this.busy.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    try {
      this.changed.emit(await firstValueFrom(this.channel().update(this.record(), change)));
      return true;
    } catch (err) {
      // A bad name goes next to the name being typed; anything else (the record is gone) under the line.
      this.problems.set(pathProblems(toApiProblem(err), this.renaming() ? ['name'] : []));
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
