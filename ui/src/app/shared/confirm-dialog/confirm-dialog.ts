import { Component, Injectable, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';

/** What a confirmation asks: the question, what follows, and the words on the button that does it. */
export interface ConfirmQuestion {
  title: string;
  message: string;
  /** The verb of the action ("Delete"), never "OK": the reader knows what they agree to. */
  confirmText: string;
  /** A destructive action's button is red. */
  destructive?: boolean;
}

/**
 * Asks before an action that cannot be undone. Material's dialog traps focus, returns it to the button
 * that opened it and closes on Escape (a "no"); focus starts on Cancel, so Enter never destroys by accident.
 */
@Component({
  selector: 'app-confirm-dialog',
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>{{ q.title }}</h2>
    <mat-dialog-content>
      <p>{{ q.message }}</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false" cdkFocusInitial data-testid="confirm-cancel">Cancel</button>
      <button mat-flat-button type="button" [class.destructive]="q.destructive" [mat-dialog-close]="true" data-testid="confirm-ok">
        {{ q.confirmText }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .destructive {
      --mat-button-filled-container-color: var(--danger);
      --mat-button-filled-label-text-color: #fff;
    }
  `,
})
export class ConfirmDialog {
  protected readonly q = inject<ConfirmQuestion>(MAT_DIALOG_DATA);
}

/** `await confirm.ask({...})` is true only when the person pressed the action's button. */
@Injectable({ providedIn: 'root' })
export class Confirm {
  private readonly dialog = inject(MatDialog);
  /** The question last asked, settled once its dialog has left the page. */
  private previous: Promise<unknown> = Promise.resolve();

  ask(question: ConfirmQuestion): Promise<boolean> {
    // A click on the same button while a cancelled dialog is still fading out would otherwise stack a
    // second dialog on it, with two action buttons on the page: one question at a time.
    const answer = this.previous.then(() => this.open(question));
    this.previous = answer.catch(() => undefined);
    return answer;
  }

  private async open(question: ConfirmQuestion): Promise<boolean> {
    const ref = this.dialog.open<ConfirmDialog, ConfirmQuestion, boolean>(ConfirmDialog, {
      data: question,
      width: 'min(28rem, calc(100vw - 2rem))',
      ariaModal: true,
      role: question.destructive ? 'alertdialog' : 'dialog',
    });
    return (await firstValueFrom(ref.afterClosed())) === true;
  }
}
