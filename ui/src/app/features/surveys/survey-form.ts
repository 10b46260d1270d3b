import { Component, effect, input, output, signal } from '@angular/core';
import { ApiProblem } from '../../core/api/api-error';
import { SurveyAnswerInput } from '../../core/api/knowledge-types';
import { ProblemMessage } from '../operate/problem-message';

const CSAT = [
  { value: 1, label: 'Very unsatisfied' },
  { value: 2, label: 'Unsatisfied' },
  { value: 3, label: 'Neutral' },
  { value: 4, label: 'Satisfied' },
  { value: 5, label: 'Very satisfied' },
];
const NPS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const CES = [1, 2, 3, 4, 5, 6, 7];

/**
 * The satisfaction survey: CSAT (1–5) asked first and enough on its own; how likely to recommend us
 * (NPS 0–10), how easy it was (CES 1–7) and a comment are optional. The parent sends the answer.
 */
@Component({
  selector: 'app-survey-form',
  imports: [ProblemMessage],
  template: `
    <form class="survey" data-testid="survey-form" (submit)="submit($event)" novalidate>
      <fieldset [hidden]="!askCsat()">
        <legend>How satisfied are you with how we handled it?</legend>
        <div class="scale csat">
          @for (o of csatScale; track o.value) {
            <label class="choice" [class.chosen]="csat() === o.value">
              <input
                type="radio"
                name="survey-csat"
                [value]="o.value"
                [attr.data-testid]="'survey-csat-' + o.value"
                [checked]="csat() === o.value"
                (change)="csat.set(o.value); missing.set(false)"
              />
              <span class="num">{{ o.value }}</span> <span class="word">{{ o.label }}</span>
            </label>
          }
        </div>
        @if (missing()) {
          <p class="field-error" data-testid="survey-csat-error">Choose how satisfied you are (1 to 5).</p>
        }
      </fieldset>
      <fieldset>
        <legend>How likely are you to recommend us to a colleague? <small>(optional, 0 = not at all, 10 = certainly)</small></legend>
        <div class="scale">
          @for (n of npsScale; track n) {
            <label class="choice small" [class.chosen]="nps() === n">
              <input
                type="radio"
                name="survey-nps"
                [value]="n"
                [attr.data-testid]="'survey-nps-' + n"
                [checked]="nps() === n"
                (change)="nps.set(n)"
              />
              <span class="num">{{ n }}</span>
            </label>
          }
        </div>
      </fieldset>
      <fieldset>
        <legend>How easy was it to get your problem solved? <small>(optional, 1 = very hard, 7 = very easy)</small></legend>
        <div class="scale">
          @for (n of cesScale; track n) {
            <label class="choice small" [class.chosen]="ces() === n">
              <input
                type="radio"
                name="survey-ces"
                [value]="n"
                [attr.data-testid]="'survey-ces-' + n"
                [checked]="ces() === n"
                (change)="ces.set(n)"
              />
              <span class="num">{{ n }}</span>
            </label>
          }
        </div>
      </fieldset>
      <label class="field"
        ><span>Anything else? <small>(optional)</small></span>
        <textarea
          rows="3"
          maxlength="4000"
          data-testid="survey-comment"
          [value]="comment()"
          (input)="comment.set(valueOf($event))"
        ></textarea>
      </label>
      @if (problem(); as p) {
        <app-problem-message data-testid="survey-error" [problem]="p" />
      }
      <div>
        <button type="submit" class="primary" data-testid="survey-submit" [disabled]="busy()">
          {{ busy() ? 'Sending…' : 'Send my answer' }}
        </button>
      </div>
    </form>
  `,
  styles: `
    .survey {
      display: grid;
      gap: 0.9rem;
    }
    fieldset {
      border: 0;
      margin: 0;
      padding: 0;
    }
    legend {
      font-weight: 600;
      margin-bottom: 0.4rem;
    }
    legend small {
      font-weight: normal;
      color: var(--muted);
    }
    .scale {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
    }
    .choice {
      display: inline-flex;
      align-items: center;
      gap: 0.35rem;
      border: 1px solid var(--border, #ccd);
      border-radius: 6px;
      padding: 0.35rem 0.6rem;
      cursor: pointer;
    }
    .choice.small {
      padding: 0.25rem 0.45rem;
    }
    .choice.chosen {
      border-color: var(--accent);
      background: #e8f0f8;
      font-weight: 600;
    }
    .choice input {
      margin: 0;
    }
    .csat .word {
      font-size: 0.875rem;
    }
    textarea {
      width: 100%;
      font-family: inherit;
    }
  `,
})
export class SurveyForm {
  /** The CSAT the mailed link chose (one click in the mail); null: none yet. */
  readonly preselected = input<number | null>(null);
  /** False once a one-click score link stored the score: only the optional questions remain. */
  readonly askCsat = input(true);
  readonly busy = input(false);
  readonly problem = input<ApiProblem | null>(null);
  readonly send = output<SurveyAnswerInput>();

  protected readonly csatScale = CSAT;
  protected readonly npsScale = NPS;
  protected readonly cesScale = CES;
  protected readonly csat = signal<number | null>(null);
  protected readonly nps = signal<number | null>(null);
  protected readonly ces = signal<number | null>(null);
  protected readonly comment = signal('');
  protected readonly missing = signal(false);

  constructor() {
    effect(() => {
      const chosen = this.preselected();
      if (chosen !== null && chosen >= 1 && chosen <= 5) this.csat.set(chosen);
    });
  }

  protected valueOf(event: Event): string {
    return (event.target as HTMLTextAreaElement).value;
  }

  protected submit(event: Event): void {
    event.preventDefault();
    const csat = this.csat();
    if (csat === null) {
      this.missing.set(true);
      return;
    }
    const comment = this.comment().trim();
    this.send.emit({
      csat,
      ...(this.nps() !== null ? { nps: this.nps()! } : {}),
      ...(this.ces() !== null ? { ces: this.ces()! } : {}),
      ...(comment ? { comment } : {}),
    });
  }
}
