import { Component, inject } from '@angular/core';
import { DirectoryApi } from '../../../core/api/directory-api';
import { ProblemMessage } from '../../operate/problem-message';
import { AdminNav } from '../admin-nav';
import { ChannelCustomers } from './channel-customers';
import { MessagingConnectionsPanel } from './messaging-connections-panel';

/**
 * The messaging bridges a customer's Slack, Teams, WhatsApp or Messenger reaches the desk through
 * (issue 25): registering one, and rotating the secret it signs with (docs/channels.md).
 */
@Component({
  selector: 'app-messaging-page',
  imports: [AdminNav, MessagingConnectionsPanel, ProblemMessage],
  template: `
    <app-admin-nav />
    @if (customers.loadError(); as p) {
      <app-problem-message [problem]="p" />
    }
    <app-messaging-connections-panel [organizations]="customers.organizations()" />
  `,
  styles: `
    :host {
      display: grid;
      gap: 1rem;
    }
  `,
})
export class MessagingPage {
  protected readonly customers = new ChannelCustomers(inject(DirectoryApi));
}
