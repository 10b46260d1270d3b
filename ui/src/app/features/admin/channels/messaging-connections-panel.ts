import { DatePipe } from '@angular/common';
import { Component, inject, input } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { map } from 'rxjs';
import { Organization } from '../../../core/api/directory-api';
import { MessagingAdminApi, MessagingConnection } from '../../../core/api/messaging-admin-api';
import { KeyedChannel, ShownKey } from './keyed-channel';
import { KeyedChannelPanel } from './keyed-channel-panel';
import { KeyedRowTemplate, ShownKeyTemplate } from './keyed-channel-templates';

const KINDS = [
  { value: 'slack', label: 'Slack' },
  { value: 'teams', label: 'Microsoft Teams' },
  { value: 'whatsapp', label: 'WhatsApp' },
  { value: 'messenger', label: 'Messenger' },
  { value: 'messaging', label: 'Other messaging' },
];

/** A bridge's secrets shown once: both after creating it, the new inbound one after rotating it. */
interface BridgeSecrets extends ShownKey {
  outbound: string | null;
  rotated: boolean;
  previousSecretUntil: string | null;
}

/**
 * Messaging bridges (issue 25): each signs what it posts with its inbound secret; replies go out through
 * its outbound webhook. A secret is in the API's answer only, so it is shown once, with a copy button,
 * and gone when dismissed. Rotating asks how long the replaced secret stays valid.
 */
@Component({
  selector: 'app-messaging-connections-panel',
  imports: [DatePipe, FormsModule, KeyedChannelPanel, KeyedRowTemplate, ShownKeyTemplate],
  template: `
    <app-keyed-channel-panel #panel [channel]="channel" [organizations]="organizations()">
      <p class="hint" hint>
        A bridge posts signed messages to <code class="inline">/messaging/&lt;bridge id&gt;/messages</code>; agents’ replies go back to its
        reply URL.
      </p>
      <label class="field" fields
        ><span>Kind</span>
        <select name="kind" data-testid="bridge-kind" [(ngModel)]="bridge.kind">
          @for (k of kinds; track k.value) {
            <option [value]="k.value">{{ k.label }}</option>
          }
        </select>
        <span class="field-error">{{ panel.problems().fields['kind'] }}</span></label
      >
      <label class="field" fields
        ><span>Reply URL (optional)</span
        ><input
          name="outboundUrl"
          type="url"
          data-testid="bridge-url"
          [(ngModel)]="bridge.outboundUrl"
          [attr.aria-invalid]="!!panel.problems().fields['outboundUrl']"
        />
        <span class="field-error" data-testid="bridge-url-error">{{ panel.problems().fields['outboundUrl'] }}</span></label
      >
      <ng-template [appShownKey]="channel" let-s>
        <p>
          Bridge <strong>{{ s.name }}</strong> — copy {{ s.rotated ? 'its new inbound secret' : 'its secrets' }} now, they are not shown
          again.
          @if (s.rotated) {
            @if (s.previousSecretUntil) {
              The old secret is accepted until {{ s.previousSecretUntil | date: 'medium' }}.
            } @else {
              The old secret is refused from now on.
            }
          }
        </p>
        <p>Inbound secret (the bridge signs with it):</p>
        <code data-testid="bridge-inbound-secret">{{ s.key }}</code>
        @if (s.outbound) {
          <p>Outbound secret (replies are signed with it):</p>
          <code data-testid="bridge-outbound-secret">{{ s.outbound }}</code>
        }
      </ng-template>
      <ng-template [appKeyedRow]="channel" let-c let-organization="organization">
        <strong>{{ c.name }}</strong>&ngsp;<span class="muted">{{ kindLabel(c.kind) }} · {{ organization }}</span>
        <code data-testid="bridge-id">/messaging/{{ c.id }}/messages</code>
        <span class="muted" data-testid="bridge-rotation">
          @if (c.secretRotatedAt) {
            Secret rotated {{ c.secretRotatedAt | date: 'medium' }}
            @if (c.previousSecretUntil) {
              · old secret accepted until {{ c.previousSecretUntil | date: 'medium' }}
            }
          } @else {
            Secret from {{ c.createdAt | date: 'mediumDate' }}, never rotated
          }
        </span>
      </ng-template>
    </app-keyed-channel-panel>
  `,
  styleUrl: './channels.css',
})
export class MessagingConnectionsPanel {
  private readonly api = inject(MessagingAdminApi);
  readonly organizations = input.required<Organization[]>();
  protected readonly kinds = KINDS;
  /** The bridge's own fields of the form; customer and name are the panel's. */
  protected bridge = { kind: 'slack', outboundUrl: '' };
  protected readonly channel: KeyedChannel<MessagingConnection, BridgeSecrets> = {
    prefix: 'bridge',
    testId: 'messaging-admin',
    titleId: 'bridges-title',
    title: 'Messaging bridges',
    formLabel: 'New messaging bridge',
    createText: 'Add bridge',
    emptyText: 'No bridge yet.',
    copyText: 'Copy inbound secret',
    rotateText: 'Rotate inbound secret',
    fields: ['organizationId', 'name', 'kind', 'outboundUrl'],
    list: () => this.api.connections(),
    create: (common) =>
      this.api.create({ ...common, kind: this.bridge.kind, outboundUrl: this.bridge.outboundUrl.trim() || null }).pipe(
        map(({ inboundSecret, outboundSecret, ...record }) => ({
          record,
          shown: { name: record.name, key: inboundSecret, outbound: outboundSecret, rotated: false, previousSecretUntil: null },
        })),
      ),
    // Customer and kind stay chosen for the next bridge; the name and reply URL are this bridge's own.
    created: () => (this.bridge = { ...this.bridge, outboundUrl: '' }),
    rotate: (connection, graceMinutes) =>
      this.api.rotate(connection.id, graceMinutes).pipe(
        map(({ inboundSecret, ...record }) => ({
          record,
          shown: { name: record.name, key: inboundSecret, outbound: null, rotated: true, previousSecretUntil: record.previousSecretUntil },
        })),
      ),
    noun: 'bridge',
    offEffect: 'The desk refuses its messages at once, even when they are signed with its secret, and sends no reply through it.',
    update: (connection, change) => this.api.update(connection.id, change),
  };

  protected kindLabel(kind: string): string {
    return KINDS.find((k) => k.value === kind)?.label ?? kind;
  }
}
