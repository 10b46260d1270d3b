import { DatePipe } from '@angular/common';
import { Component, inject, input } from '@angular/core';
import { map } from 'rxjs';
import { ChannelsAdminApi, ListedPhoneLine } from '../../../core/api/channels-admin-api';
import { Organization } from '../../../core/api/directory-api';
import { KeyedChannel } from './keyed-channel';
import { KeyedChannelPanel } from './keyed-channel-panel';
import { KeyedRowTemplate, ShownKeyTemplate } from './keyed-channel-templates';

/**
 * Telephony lines (issue 25): a PBX or VoIP service signs its call events with its line's secret
 * (docs/channels.md). The secret is in the create answer only: shown once with a copy button, and
 * gone when dismissed or on leaving the page; the list shows the line id the PBX sends beside it.
 */
@Component({
  selector: 'app-phone-lines-panel',
  imports: [DatePipe, KeyedChannelPanel, KeyedRowTemplate, ShownKeyTemplate],
  template: `
    <app-keyed-channel-panel [channel]="channel" [organizations]="organizations()">
      <p class="hint" hint>
        Your PBX posts signed call events to <code class="inline">/phone/events</code> with the line id and its secret.
      </p>
      <ng-template [appShownKey]="channel" let-l>
        <p>
          Line <strong>{{ l.name }}</strong> — copy its secret now, it is not shown again:
        </p>
        <code data-testid="line-secret-value">{{ l.key }}</code>
      </ng-template>
      <ng-template [appKeyedRow]="channel" let-l let-organization="organization">
        <strong>{{ l.name }}</strong>&ngsp;<span class="muted">{{ organization }}</span> ·
        <span class="muted">since {{ l.createdAt | date: 'mediumDate' }}</span>
        <code data-testid="line-id">X-Flowdesk-Line: {{ l.id }}</code>
      </ng-template>
    </app-keyed-channel-panel>
  `,
  styleUrl: './channels.css',
})
export class PhoneLinesPanel {
  private readonly api = inject(ChannelsAdminApi);
  readonly organizations = input.required<Organization[]>();
  protected readonly channel: KeyedChannel<ListedPhoneLine> = {
    prefix: 'line',
    testId: 'phone-lines-admin',
    titleId: 'lines-title',
    title: 'Telephony lines',
    formLabel: 'New telephony line',
    createText: 'Add line',
    emptyText: 'No line yet.',
    fields: ['organizationId', 'name'],
    list: () => this.api.phoneLines(),
    create: (common) =>
      this.api.createPhoneLine(common).pipe(map(({ secret, ...record }) => ({ record, shown: { name: record.name, key: secret } }))),
    noun: 'line',
    offEffect: 'The desk refuses its call events at once, even when they are signed with its secret.',
    update: (line, change) => this.api.updatePhoneLine(line.id, change),
  };
}
