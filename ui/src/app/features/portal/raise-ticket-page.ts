import { Component, computed, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { CATEGORIES, Level } from '../../core/api/ticket-types';
import { IMPACT_WORDS, URGENCY_WORDS } from '../../core/tickets/request-words';
import { CatalogApi, ServiceSummary } from '../../core/api/catalog-api';
import { TicketsApi } from '../../core/api/tickets-api';
import { ActionForm } from '../../shared/action-form/action-form';
import { FormRun } from '../../shared/action-form/form-run';
import { Article } from '../../core/api/knowledge-types';
import { TicketSuggestions } from './ticket-suggestions';

type Field = 'title' | 'description' | 'category' | 'service' | 'impact' | 'urgency';
const FIELDS: readonly Field[] = ['title', 'description', 'category', 'service', 'impact', 'urgency'];

/** Raise an incident: checked here first, then by the API, whose problems land next to the fields. */
@Component({
  selector: 'app-raise-ticket-page',
  imports: [ActionForm, RouterLink, TicketSuggestions],
  templateUrl: './raise-ticket-page.html',
  styleUrl: './raise-ticket-page.css',
})
export class RaiseTicketPage {
  private readonly api = inject(TicketsApi);
  private readonly router = inject(Router);

  protected readonly categories = CATEGORIES;
  // The caller's words for impact and urgency; the desk's priority matrix takes the levels.
  protected readonly impacts = IMPACT_WORDS;
  protected readonly urgencies = URGENCY_WORDS;
  protected readonly services = signal<ServiceSummary[]>([]);
  protected readonly values = signal<Record<Field, string>>({
    title: '',
    description: '',
    category: '',
    service: '',
    impact: '',
    urgency: '',
  });
  protected readonly form = new FormRun(FIELDS);
  /** What the suggestions search for: the summary and the description as typed. */
  protected readonly draftText = computed(() => `${this.values().title} ${this.values().description}`);
  /** The article that answered the would-be ticket: no ticket is raised. */
  protected readonly deflectedBy = signal<Article | null>(null);

  constructor() {
    // No list (an old server, a failure) leaves just "Not sure": the service is optional.
    void firstValueFrom(inject(CatalogApi).services())
      .then((list) => this.services.set(list.filter((s) => s.kind === 'business')))
      .catch(() => undefined);
  }

  protected set(field: Field, event: Event): void {
    const value = (event.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value;
    this.values.update((v) => ({ ...v, [field]: value }));
    this.form.edited(field);
  }

  /** "This solved my problem": the draft is dropped and nothing is sent. */
  protected deflected(article: Article): void {
    this.deflectedBy.set(article);
    this.values.set({ title: '', description: '', category: '', service: '', impact: '', urgency: '' });
  }

  protected async submit(): Promise<void> {
    const v = this.values();
    if (!this.form.checked(check(v))) return;
    const ticket = await this.form.run(() =>
      firstValueFrom(
        this.api.raise({
          title: v.title.trim(),
          description: v.description.trim(),
          category: v.category,
          ...(v.service ? { service: v.service } : {}),
          impact: v.impact as Level,
          urgency: v.urgency as Level,
        }),
      ),
    );
    if (ticket) await this.router.navigate(['/portal/tickets', ticket.number]);
  }
}

/** The same rules as the API's schema, said in the caller's words. */
function check(v: Record<Field, string>): Record<string, string> {
  const fields: Record<string, string> = {};
  const title = v.title.trim();
  if (title.length < 3) fields['title'] = 'Give a short summary (at least 3 characters).';
  else if (title.length > 200) fields['title'] = 'Keep the summary under 200 characters; put details in the description.';
  if (v.description.length > 20_000) fields['description'] = 'The description is too long (20,000 characters at most).';
  if (!v.category) fields['category'] = 'Choose what the problem is about.';
  if (!v.impact) fields['impact'] = 'Say who is affected.';
  if (!v.urgency) fields['urgency'] = 'Say how much it stops your work.';
  return fields;
}
