import { Component, inject, signal } from '@angular/core';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { DirectoryApi, Organization } from '../../../core/api/directory-api';
import { ProblemMessage } from '../../operate/problem-message';
import { AdminNav } from '../admin-nav';
import { loadAll } from '../directory/load-all';
import { ChatSitesPanel } from './chat-sites-panel';
import { PhoneLinesPanel } from './phone-lines-panel';

/**
 * The channels a customer reaches the desk by (issue 25): widget site keys with their allowed origins,
 * and telephony lines with their signing secrets. Chat wait times and hours are per group, on admin/groups.
 */
@Component({
  selector: 'app-channels-page',
  imports: [AdminNav, ChatSitesPanel, PhoneLinesPanel, ProblemMessage],
  template: `
    <app-admin-nav />
    @if (loadError(); as p) {
      <app-problem-message [problem]="p" />
    }
    <app-chat-sites-panel [organizations]="organizations()" />
    <app-phone-lines-panel [organizations]="organizations()" />
  `,
  styles: `
    :host {
      display: grid;
      gap: 1rem;
    }
  `,
})
export class ChannelsPage {
  private readonly directory = inject(DirectoryApi);
  protected readonly organizations = signal<Organization[]>([]);
  protected readonly loadError = signal<ApiProblem | null>(null);

  constructor() {
    loadAll((offset) => this.directory.organizations(offset))
      .then((list) => this.organizations.set(list.sort((a, b) => a.name.localeCompare(b.name))))
      .catch((err: unknown) => this.loadError.set(toApiProblem(err)));
  }
}
