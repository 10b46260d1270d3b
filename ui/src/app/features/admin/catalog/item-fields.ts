import { Component, input } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { CatalogCategory } from '../../../core/api/catalog-api';
import { CurationChoices, ProcessChoice, Service } from '../../../core/api/curation-api';
import { ItemDraft, ROLES } from './item-draft';

/**
 * The details of a catalog item: what it is, its price, who approves an order, whom it is offered to
 * and the process an order starts. Edits the draft in place; problems arrive keyed by payload path.
 */
@Component({
  selector: 'app-item-fields',
  imports: [FormsModule],
  template: `
    <div class="grid">
      <label class="field">
        <span>Name</span>
        <input type="text" name="name" data-testid="item-name" [(ngModel)]="draft().name" [attr.aria-invalid]="bad('name')" />
        <span class="field-error" data-testid="item-name-error">{{ problems()['name'] }}</span>
      </label>
      <label class="field">
        <span>Category</span>
        <select name="categoryId" data-testid="item-category" [(ngModel)]="draft().categoryId" [attr.aria-invalid]="bad('categoryId')">
          <option value="">Choose…</option>
          @for (c of categories(); track c.id) {
            <option [value]="c.id">{{ c.name }}</option>
          }
        </select>
        <span class="field-error" data-testid="item-category-error">{{ problems()['categoryId'] }}</span>
      </label>
      <label class="field wide">
        <span>Description <small>(optional)</small></span>
        <textarea name="description" rows="2" data-testid="item-description" [(ngModel)]="draft().description"></textarea>
        <span class="field-error">{{ problems()['description'] }}</span>
      </label>
      <label class="field">
        <span>Service <small>(optional)</small></span>
        <select name="serviceId" data-testid="item-service" [(ngModel)]="draft().serviceId">
          <option value="">None</option>
          @for (s of services(); track s.id) {
            <option [value]="s.id">{{ s.name }}</option>
          }
        </select>
        <span class="field-error">{{ problems()['serviceId'] }}</span>
      </label>
      <div class="field">
        <span>Price <small>(empty: free)</small></span>
        <span class="pair">
          <input
            type="text"
            inputmode="decimal"
            name="priceAmount"
            aria-label="Price amount"
            data-testid="item-price"
            [(ngModel)]="draft().priceAmount"
            [attr.aria-invalid]="bad('price.amount')"
          />
          <input
            type="text"
            name="priceCurrency"
            aria-label="Currency (ISO code)"
            class="currency"
            data-testid="item-currency"
            [(ngModel)]="draft().priceCurrency"
            [attr.aria-invalid]="bad('price.currency')"
          />
        </span>
        <span class="field-error" data-testid="item-price-error"
          >{{ problems()['price.amount'] ?? problems()['price'] }} {{ problems()['price.currency'] }}</span
        >
      </div>
      <fieldset class="field wide" data-testid="item-approval">
        <legend>Approval before fulfilment</legend>
        <span class="pair">
          <label class="inline"><input type="radio" name="approvalKind" value="none" [(ngModel)]="draft().approvalKind" /> None</label>
          <label class="inline"
            ><input type="radio" name="approvalKind" value="manager" [(ngModel)]="draft().approvalKind" /> The requester's manager</label
          >
          <label class="inline"><input type="radio" name="approvalKind" value="group" [(ngModel)]="draft().approvalKind" /> A group</label>
          @if (draft().approvalKind === 'group') {
            <select name="approvalGroup" aria-label="Approving group" data-testid="item-approval-group" [(ngModel)]="draft().approvalGroup">
              <option value="">Choose…</option>
              @for (g of choices()?.groups ?? []; track g.key) {
                <option [value]="g.key">{{ g.name }}</option>
              }
            </select>
          }
        </span>
        <span class="field-error">{{ problems()['approvalPolicy.group'] ?? problems()['approvalPolicy'] }}</span>
        <span class="pair">
          <label class="inline"
            >Above a cost of
            <input
              type="text"
              inputmode="decimal"
              name="costThreshold"
              class="short"
              data-testid="item-cost-threshold"
              [(ngModel)]="draft().costThreshold"
          /></label>
          <label class="inline"
            >also
            <select name="costApprovers" data-testid="item-cost-approvers" [(ngModel)]="draft().costApprovers">
              <option value="">Choose a group…</option>
              @for (g of choices()?.groups ?? []; track g.key) {
                <option [value]="g.key">{{ g.name }}</option>
              }
            </select>
            approves</label
          >
        </span>
        <span class="field-error" data-testid="item-cost-error"
          >{{ problems()['approvalPolicy.costThreshold'] }} {{ problems()['approvalPolicy.costApprovers'] }}</span
        >
      </fieldset>
      <fieldset class="field" data-testid="item-visibility-orgs">
        <legend>Offered to <small>(none ticked: every customer)</small></legend>
        @for (o of choices()?.organizations ?? []; track o.id) {
          <label class="inline"
            ><input type="checkbox" [checked]="draft().organizationIds.includes(o.id)" (change)="toggle('organizationIds', o.id, $event)" />
            {{ o.name }}</label
          >
        }
        <span class="field-error">{{ problems()['visibility.organizationIds'] }}</span>
      </fieldset>
      <fieldset class="field" data-testid="item-visibility-roles">
        <legend>For roles <small>(none ticked: every role)</small></legend>
        @for (r of roles; track r) {
          <label class="inline"
            ><input type="checkbox" [checked]="draft().roles.includes(r)" (change)="toggle('roles', r, $event)" /> {{ r }}</label
          >
        }
        <span class="field-error">{{ problems()['visibility.roles'] }}</span>
      </fieldset>
      <label class="field">
        <span>Fulfilment process</span>
        <select name="processId" data-testid="item-process" [(ngModel)]="draft().processId" [attr.aria-invalid]="bad('processId')">
          @if (!hasProcess(draft().processId)) {
            <option [value]="draft().processId">{{ draft().processId }} (not deployed)</option>
          }
          @for (p of processes(); track p.processId) {
            <option [value]="p.processId">{{ p.name ? p.name + ' (' + p.processId + ')' : p.processId }}</option>
          }
        </select>
        <span class="field-error">{{ problems()['processId'] }}</span>
      </label>
      <label class="field">
        <span>Fulfilment group <small>(empty: the service's support group)</small></span>
        <select name="fulfilmentGroup" data-testid="item-fulfilment-group" [(ngModel)]="draft().fulfilmentGroup">
          <option value="">The service's support group</option>
          @for (g of choices()?.groups ?? []; track g.key) {
            <option [value]="g.key">{{ g.name }}</option>
          }
        </select>
        <span class="field-error">{{ problems()['fulfilmentGroup'] }}</span>
      </label>
    </div>
  `,
  styles: `
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr));
      gap: 0.75rem 1rem;
    }
    .wide {
      grid-column: 1 / -1;
    }
    fieldset {
      border: 1px solid #d8dee4;
      border-radius: 6px;
      padding: 0.5rem 0.75rem;
    }
    .pair {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      flex-wrap: wrap;
    }
    /* Wraps on a phone: a label with its input side by side was wider than the screen. */
    label.inline {
      display: inline-flex;
      flex-wrap: wrap;
      max-width: 100%;
      gap: 0.35rem;
      align-items: center;
      font-weight: 400;
      color: var(--text);
    }
    .currency {
      width: 4.5rem;
    }
    .short {
      width: 7rem;
    }
  `,
})
export class ItemFields {
  readonly draft = input.required<ItemDraft>();
  /** Payload path → what is wrong, in words. */
  readonly problems = input<Record<string, string>>({});
  readonly categories = input<CatalogCategory[]>([]);
  readonly services = input<Service[]>([]);
  readonly choices = input<CurationChoices | null>(null);
  readonly processes = input<ProcessChoice[]>([]);
  protected readonly roles = ROLES;

  protected bad(path: string): true | null {
    return this.problems()[path] ? true : null;
  }

  protected hasProcess(id: string): boolean {
    return this.processes().some((p) => p.processId === id);
  }

  protected toggle(list: 'organizationIds' | 'roles', value: string, event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    const draft = this.draft();
    const rest = draft[list].filter((v) => v !== value);
    draft[list] = on ? [...rest, value] : rest;
  }
}
