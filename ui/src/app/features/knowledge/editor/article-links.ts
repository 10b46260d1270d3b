import { Component, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../../core/api/api-error';
import { FormProblems, NO_PROBLEMS, formProblems } from '../../../core/api/field-problems';
import { KnowledgeApi } from '../../../core/api/knowledge-api';
import { ArticleLink } from '../../../core/api/knowledge-types';
import { ProblemMessage } from '../../operate/problem-message';

type Kind = 'incident' | 'problem' | 'known_error';
const KIND_WORDS: Record<string, string> = { incident: 'Incident', problem: 'Problem', known_error: 'Known error of' };

/** The incidents, problems and known errors an article answers: listed, added by number, removed. */
@Component({
  selector: 'app-article-links',
  imports: [ProblemMessage, RouterLink],
  template: `
    <section class="links" data-testid="kb-links" aria-labelledby="kb-links-title">
      <h4 id="kb-links-title">Answers these tickets</h4>
      <ul>
        @for (l of links(); track l.id) {
          <li data-testid="kb-link" [attr.data-ref]="l.ref" [attr.data-kind]="l.kind">
            {{ kindWords[l.kind] ?? l.kind }}
            <a [routerLink]="['/desk/tickets', l.ref]" class="mono">{{ l.ref }}</a> {{ l.title }}
            <button type="button" class="small" data-testid="kb-link-remove" (click)="remove(l)">Remove</button>
          </li>
        } @empty {
          <li class="muted">No linked ticket.</li>
        }
      </ul>
      <form class="add" (submit)="add($event)" aria-label="Link a ticket">
        <select data-testid="kb-link-kind" (change)="kind.set(valueOf($event))">
          <option value="incident" [selected]="kind() === 'incident'">Incident</option>
          <option value="problem" [selected]="kind() === 'problem'">Problem</option>
          <option value="known_error" [selected]="kind() === 'known_error'">Known error (its problem's number)</option>
        </select>
        <input
          type="text"
          maxlength="40"
          placeholder="INC0001042"
          data-testid="kb-link-ref"
          [value]="ref()"
          (input)="ref.set(valueOf($event))"
          [attr.aria-invalid]="problems().fields['ref'] ? true : null"
          aria-describedby="kb-link-ref-error"
        />
        <button type="submit" data-testid="kb-link-add" [disabled]="!ref().trim()">Link</button>
      </form>
      <p id="kb-link-ref-error" class="field-error">{{ problems().fields['ref'] }}</p>
      @if (problems().general; as p) {
        <app-problem-message [problem]="p" />
      }
    </section>
  `,
  styles: `
    h4 {
      margin: 0.8rem 0 0.3rem;
    }
    ul {
      list-style: none;
      margin: 0 0 0.4rem;
      padding: 0;
      display: grid;
      gap: 0.2rem;
      font-size: 0.875rem;
    }
    .mono {
      font-family: var(--mono);
    }
    .add {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
    }
    .small {
      font-size: 0.75rem;
      margin-left: 0.3rem;
    }
    .field-error:empty {
      display: none;
    }
  `,
})
export class ArticleLinks {
  private readonly api = inject(KnowledgeApi);
  readonly articleId = input.required<string>();
  protected readonly links = signal<ArticleLink[]>([]);
  protected readonly kind = signal<Kind>('incident');
  protected readonly ref = signal('');
  protected readonly problems = signal<FormProblems>(NO_PROBLEMS);
  protected readonly kindWords = KIND_WORDS;

  constructor() {
    effect(() => {
      const id = this.articleId();
      untracked(() => void this.load(id));
    });
  }

  protected valueOf(event: Event): never {
    return (event.target as HTMLInputElement).value as never;
  }

  private async load(id: string): Promise<void> {
    const found = await firstValueFrom(this.api.links(id)).catch(() => null);
    this.links.set(found?.items ?? []);
  }

  protected async add(event: Event): Promise<void> {
    event.preventDefault();
    this.problems.set(NO_PROBLEMS);
    try {
      await firstValueFrom(this.api.addLink(this.articleId(), this.kind(), this.ref().trim().toUpperCase()));
      this.ref.set('');
      await this.load(this.articleId());
    } catch (error) {
      this.problems.set(formProblems(toApiProblem(error), ['ref']));
    }
  }

  protected async remove(link: ArticleLink): Promise<void> {
    try {
      await firstValueFrom(this.api.removeLink(this.articleId(), link.id));
      await this.load(this.articleId());
    } catch (error) {
      this.problems.set(formProblems(toApiProblem(error), ['ref']));
    }
  }
}
