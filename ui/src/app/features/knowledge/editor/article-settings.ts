import { Component, computed, input, model } from '@angular/core';
import { ArticleAudience, ArticleLanguage, KbCategory, KbOrganization } from '../../../core/api/knowledge-types';

export interface SettingsValue {
  language: ArticleLanguage;
  audience: ArticleAudience;
  categoryId: string | null;
  visibleOrganizationIds: string[];
}

/** Language, audience, category and the customers a public article is offered to (none ticked: every customer). */
@Component({
  selector: 'app-article-settings',
  template: `
    <fieldset class="settings" [disabled]="disabled()">
      <legend>Settings</legend>
      <label class="field"
        ><span>Language</span>
        <select data-testid="kb-language" (change)="patch({ language: valueOf($event) })">
          <option value="en" [selected]="value().language === 'en'">English</option>
          <option value="lt" [selected]="value().language === 'lt'">Lietuvių</option>
        </select>
      </label>
      <label class="field"
        ><span>Audience</span>
        <select data-testid="kb-audience" (change)="patch({ audience: valueOf($event) })">
          <option value="internal" [selected]="value().audience === 'internal'">Internal (the desk only)</option>
          <option value="public" [selected]="value().audience === 'public'">Public (customers too)</option>
        </select>
      </label>
      <label class="field"
        ><span>Category</span>
        <select data-testid="kb-category" (change)="patch({ categoryId: valueOf($event) || null })">
          <option value="" [selected]="!value().categoryId">None</option>
          @for (c of categories(); track c.id) {
            <option [value]="c.id" [selected]="c.id === value().categoryId">{{ c.name }}</option>
          }
        </select>
      </label>
      @if (value().audience === 'public' && organizations().length) {
        <div class="orgs" data-testid="kb-visibility">
          <span class="label"
            >Offered to <small>({{ everyone() ? 'every customer' : 'only those ticked' }})</small></span
          >
          @for (o of organizations(); track o.id) {
            <label class="check"
              ><input
                type="checkbox"
                [attr.data-testid]="'kb-org-' + o.name"
                [checked]="value().visibleOrganizationIds.includes(o.id)"
                (change)="toggle(o.id, $event)"
              />
              {{ o.name }}</label
            >
          }
        </div>
      }
    </fieldset>
  `,
  styles: `
    .settings {
      border: 1px solid #dde3ea;
      border-radius: 6px;
      padding: 0.5rem 0.8rem 0.7rem;
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      margin: 0;
    }
    .field {
      display: grid;
      gap: 0.2rem;
    }
    .orgs {
      display: grid;
      gap: 0.15rem;
      flex-basis: 100%;
    }
    .label small {
      color: var(--muted);
    }
  `,
})
export class ArticleSettings {
  readonly value = model.required<SettingsValue>();
  readonly categories = input<KbCategory[]>([]);
  readonly organizations = input<KbOrganization[]>([]);
  readonly disabled = input(false);
  protected readonly everyone = computed(() => this.value().visibleOrganizationIds.length === 0);

  protected valueOf(event: Event): never {
    return (event.target as HTMLSelectElement).value as never;
  }

  protected patch(change: Partial<SettingsValue>): void {
    this.value.update((v) => ({ ...v, ...change }));
  }

  protected toggle(id: string, event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    this.value.update((v) => ({
      ...v,
      visibleOrganizationIds: on ? [...v.visibleOrganizationIds, id] : v.visibleOrganizationIds.filter((x) => x !== id),
    }));
  }
}
