import { Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { dispatches } from '../../../core/auth/role-routes';
import { Session } from '../../../core/auth/session';
import { TicketView } from '../../../core/tickets/ticket-view';
import { ProblemMessage } from '../../operate/problem-message';
import { CallerCard } from '../../tickets/caller-card';
import { Conversation } from '../../tickets/conversation';
import { EntryComposer } from '../../tickets/entry-composer';
import { LinkedTickets } from '../../tickets/linked-tickets';
import { OlaPanel } from '../../tickets/ola-panel';
import { SlaPanel } from '../../tickets/sla-panel';
import { TicketAttachments } from '../../tickets/ticket-attachments';
import { TicketFacts } from '../../tickets/ticket-facts';
import { channelGlyph, channelLabel, replyRoute } from '../../tickets/ticket-channel';
import { AgentActions } from './agent-actions';
import { AssignmentPanel } from './assignment-panel';
import { ChangePanel } from './change-panel';
import { CiPicker } from './ci-picker';
import { ProblemPanel } from './problem-panel';
import { SuggestedArticles } from './suggested-articles';
import { CannedResponsePicker } from './canned-response-picker';
import { LinkTicketForm } from './link-ticket-form';
import { RaiseProblemForm } from './raise-problem-form';
import { RaiseWorkOrderForm } from './raise-work-order-form';
import { SurveyPanel } from './survey-panel';
import { TaskFormsPanel } from './task-forms-panel';
import { TicketEditForm } from './ticket-edit-form';
import { WaitsPanel } from './waits-panel';
import { whyNot } from './why-not';

/** One ticket at the desk: caller, fields, SLA, actions, assignment, the conversation with notes, linked tickets. */
@Component({
  selector: 'app-desk-ticket-page',
  imports: [
    AgentActions,
    AssignmentPanel,
    CallerCard,
    ChangePanel,
    CiPicker,
    Conversation,
    EntryComposer,
    LinkedTickets,
    LinkTicketForm,
    MatButtonModule,
    OlaPanel,
    ProblemMessage,
    ProblemPanel,
    RaiseProblemForm,
    RaiseWorkOrderForm,
    RouterLink,
    SlaPanel,
    SuggestedArticles,
    CannedResponsePicker,
    SurveyPanel,
    TaskFormsPanel,
    TicketAttachments,
    TicketEditForm,
    TicketFacts,
    WaitsPanel,
  ],
  providers: [TicketView],
  templateUrl: './desk-ticket-page.html',
  styleUrl: './desk-ticket-page.css',
})
export class DeskTicketPage {
  protected readonly view = inject(TicketView);
  private readonly session = inject(Session);
  protected readonly meId = computed(() => this.session.user()?.id ?? null);
  /** Who may open a work order (the API's dispatchers): agents, process owners, admins. */
  protected readonly dispatcher = computed(() => dispatches(this.session.user()?.roles ?? []));
  /** Which channel a public reply goes to (the one the ticket came in on), in words. */
  protected readonly replyRoute = replyRoute;
  protected readonly channelLabel = channelLabel;
  protected readonly channelGlyph = channelGlyph;
  /** Why this user may not reply to the caller (they may still add an internal note); null when they may. */
  protected readonly replyBlocked = computed(() => {
    const ticket = this.view.ticket();
    return ticket ? whyNot('reply', ticket) : null;
  });
  /** The title, description, impact and urgency are open for correction. */
  protected readonly editing = signal(false);
  /** Route parameter. */
  readonly number = input.required<string>();

  constructor() {
    effect(() => {
      const number = this.number();
      untracked(() => void this.view.open(number, true));
    });
  }
}
