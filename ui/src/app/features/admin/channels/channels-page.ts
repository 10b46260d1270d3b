import { Component, inject } from '@angular/core';
import { DirectoryApi } from '../../../core/api/directory-api';
import { ProblemMessage } from '../../operate/problem-message';
import { AdminNav } from '../admin-nav';
import { ChannelCustomers } from './channel-customers';
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
    @if (customers.loadError(); as p) {
      <app-problem-message [problem]="p" />
    }
    <app-chat-sites-panel [organizations]="customers.organizations()" />
    <app-phone-lines-panel [organizations]="customers.organizations()" />
  `,
  styles: `
    :host {
      display: grid;
      gap: 1rem;
    }
  `,
})
export class ChannelsPage {
  protected readonly customers = new ChannelCustomers(inject(DirectoryApi));
}
