import { DatePipe } from '@angular/common';
import { Component, inject, input } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { map } from 'rxjs';
import { ChannelsAdminApi, ChatSite } from '../../../core/api/channels-admin-api';
import { Organization } from '../../../core/api/directory-api';
import { KeyedChannel } from './keyed-channel';
import { KeyedChannelPanel } from './keyed-channel-panel';
import { KeyedRowTemplate } from './keyed-channel-templates';

const NEW_SITE = { allowedOrigins: '', ticketType: 'incident' };

/**
 * Widget site keys (issue 25): one per organisation's web app, naming the origins allowed to embed the
 * widget and post the contact form. The key is public (it sits in the page's script tag), so the list
 * shows it with the snippet to paste, and nothing is shown once; the origins keep another site from using it.
 */
@Component({
  selector: 'app-chat-sites-panel',
  imports: [DatePipe, FormsModule, KeyedChannelPanel, KeyedRowTemplate],
  template: `
    <app-keyed-channel-panel #panel [channel]="channel" [organizations]="organizations()">
      <p class="hint" hint>A site key per web app; only the origins listed may embed it. Chats become tickets of the chosen type.</p>
      <label class="field origins" fields
        ><span>Allowed origins <small>(one a line, e.g. https://shop.example)</small></span
        ><textarea
          name="allowedOrigins"
          rows="2"
          data-testid="site-origins"
          [(ngModel)]="site.allowedOrigins"
          [attr.aria-invalid]="!!panel.problems().fields['allowedOrigins']"
        ></textarea>
        <span class="field-error" data-testid="site-origins-error">{{ panel.problems().fields['allowedOrigins'] }}</span></label
      >
      <label class="field" fields
        ><span>Chats become</span>
        <select name="ticketType" data-testid="site-type" [(ngModel)]="site.ticketType">
          <option value="incident">incidents</option>
          <option value="request">requests</option>
        </select></label
      >
      <ng-template [appKeyedRow]="channel" let-s let-organization="organization">
        <div>
          <strong>{{ s.name }}</strong>&ngsp;<span class="muted">{{ organization }}</span> · <span class="muted">{{ s.ticketType }}</span> ·
          <span class="muted">since {{ s.createdAt | date: 'mediumDate' }}</span>
        </div>
        <div class="muted" data-testid="site-origins-list">
          {{ s.allowedOrigins.length ? s.allowedOrigins.join(', ') : 'only this desk’s own pages' }}
        </div>
        <code data-testid="site-snippet">{{ snippet(s) }}</code>
      </ng-template>
    </app-keyed-channel-panel>
  `,
  styleUrl: './channels.css',
})
export class ChatSitesPanel {
  private readonly api = inject(ChannelsAdminApi);
  readonly organizations = input.required<Organization[]>();
  /** The site's own fields of the form; customer and name are the panel's. */
  protected site = { ...NEW_SITE };
  protected readonly channel: KeyedChannel<ChatSite> = {
    prefix: 'site',
    testId: 'chat-sites-admin',
    titleId: 'sites-title',
    title: 'Chat widget and contact form',
    formLabel: 'New widget site',
    createText: 'Issue site key',
    emptyText: 'No site key yet.',
    fields: ['organizationId', 'name', 'allowedOrigins', 'ticketType'],
    list: () => this.api.sites(),
    create: (common) =>
      this.api
        .createSite({
          ...common,
          allowedOrigins: this.site.allowedOrigins
            .split(/\s+/)
            .map((o) => o.trim())
            .filter(Boolean),
          ticketType: this.site.ticketType,
        })
        .pipe(map((record) => ({ record, shown: null }))),
    created: () => (this.site = { ...NEW_SITE }),
    noun: 'site key',
    offEffect: 'Its widget and contact form stop at once: every page that embeds the key is refused.',
    update: (site, change) => this.api.updateSite(site.id, change),
  };

  protected snippet(s: ChatSite): string {
    return `<script src="${location.origin}/widget.js" data-site-key="${s.siteKey}" async></script>`;
  }
}
