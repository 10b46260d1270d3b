import { Component, OnInit, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { CannedResponse, DeskConfigApi } from '../../../core/api/desk-config-api';
import { ProblemMessage } from '../../operate/problem-message';

/**
 * Canned responses beside the composer: pick one and the API fills its placeholders from this ticket
 * (caller's name, number, portal link); the text lands in the reply, where the agent edits it before
 * sending. Nothing is sent from here.
 */
@Component({
  selector: 'app-canned-response-picker',
  imports: [FormsModule, ProblemMessage],
  template: `
    <section class="canned" aria-label="Canned responses" data-testid="canned-picker">
      <form class="pick" (ngSubmit)="use()">
        <label class="field"
          ><span>Response</span
          ><select name="choice" [(ngModel)]="choice" data-testid="canned-picker-select">
            <option [ngValue]="null" disabled>Choose…</option>
            @for (r of items(); track r.id) {
              <option [ngValue]="r.id">{{ r.category ? r.category + ' · ' : '' }}{{ r.title }}</option>
            }
          </select>
        </label>
        <button type="submit" [disabled]="!choice || busy()" data-testid="canned-picker-insert">Insert into reply</button>
      </form>
      @if (!items().length && loaded()) {
        <p class="muted">No canned response yet.</p>
      }
      @if (problem(); as p) {
        <app-problem-message [problem]="p" />
      }
    </section>
  `,
  styles: `
    .pick {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: end;
    }
    .pick .field {
      flex: 1 1 14rem;
    }
  `,
})
export class CannedResponsePicker implements OnInit {
  private readonly api = inject(DeskConfigApi);
  readonly number = input.required<string>();
  /** The filled-in text, for the composer. */
  readonly insert = output<string>();
  protected readonly items = signal<CannedResponse[]>([]);
  protected readonly loaded = signal(false);
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected choice: string | null = null;

  async ngOnInit(): Promise<void> {
    try {
      this.items.set((await firstValueFrom(this.api.cannedResponses())).items);
    } catch (e) {
      this.problem.set(toApiProblem(e));
    } finally {
      this.loaded.set(true);
    }
  }

  protected async use(): Promise<void> {
    if (!this.choice) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      const rendered = await firstValueFrom(this.api.renderCannedResponse(this.choice, this.number()));
      this.insert.emit(rendered.body);
    } catch (e) {
      this.problem.set(toApiProblem(e));
    } finally {
      this.busy.set(false);
    }
  }
}
