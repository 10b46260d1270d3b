import type { Logger } from '../logger';
import type { OutgoingMailDeps } from '../mail/domain/outgoing-mail';

/** What the tickets plugin and its routes are given: in a file of its own, so routes need not import the plugin that mounts them. */
export interface TicketsOptions {
  /** Links in canned responses and mails point here. */
  publicUrl: string;
  /** Outgoing mail: agents' public replies are mailed to the caller, and callers told their ticket is registered. Unset: they are not. */
  mail?: OutgoingMailDeps;
  /** Days after closing in which a ticket can be reopened; later a follow-up ticket is raised instead. */
  reopenWindowDays: number;
  /** Where a mail that could not be sent is reported when nobody waits for the answer. */
  log?: Logger;
}
