import { Component, input } from '@angular/core';
import { ListPage } from '../../shared/list-page/list-page';
import { PagedList } from '../../shared/list-page/paged-list';
import { AdminNav } from './admin-nav';

/**
 * An admin page of one paged list with the record opened beside it (its form, and what else belongs to it):
 * the admin tabs, the list card (ListPage, with its `[actions]`, `[filters]` and rows projected) and the side
 * column (`[side]`), which moves under the list on a narrow screen.
 */
@Component({
  selector: 'app-admin-list-shell',
  imports: [AdminNav, ListPage],
  template: `
    <app-admin-nav />
    <div class="layout">
      <app-list-page
        [heading]="heading()"
        [hint]="hint()"
        [testId]="testId()"
        [emptyText]="emptyText()"
        [errorText]="errorText()"
        [state]="list().state()"
        [problem]="list().problem()"
        [total]="list().total()"
        [offset]="list().offset()"
        [pageSize]="list().pageSize"
        [shown]="list().items().length"
        (page)="list().load($event)"
        (retry)="list().reload()"
      >
        <ng-container ngProjectAs="[actions]"><ng-content select="[actions]" /></ng-container>
        <ng-container ngProjectAs="[filters]"><ng-content select="[filters]" /></ng-container>
        <ng-content />
      </app-list-page>
      <div class="side"><ng-content select="[side]" /></div>
    </div>
  `,
  styles: `
    :host {
      display: grid;
      gap: 1rem;
    }
    .layout {
      display: grid;
      grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr);
      gap: 1rem;
      align-items: start;
    }
    .side {
      display: grid;
      gap: 1rem;
      min-width: 0;
    }
    /* Nothing open: the list alone, with no empty row under it on a narrow screen. */
    .side:empty {
      display: none;
    }
    @media (max-width: 900px) {
      .layout {
        grid-template-columns: minmax(0, 1fr);
      }
    }
  `,
})
export class AdminListShell {
  readonly list = input.required<PagedList<unknown>>();
  readonly heading = input.required<string>();
  readonly hint = input('');
  /** Prefix of the list's state test ids, and its heading's id. */
  readonly testId = input.required<string>();
  readonly emptyText = input.required<string>();
  readonly errorText = input.required<string>();
}
