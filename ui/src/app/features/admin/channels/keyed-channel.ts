import { Observable } from 'rxjs';

/** What every keyed channel lists: a record of one customer, named by the admin, that an admin can switch off. */
export interface KeyedRecord {
  id: string;
  organizationId: string;
  name: string;
  /** False once an admin switched it off: the channel refuses what comes in with its key. */
  active: boolean;
  /** When it was switched off (ISO), or null while it is on. */
  disabledAt: string | null;
}

/** What every keyed channel's PATCH takes (at least one of them): a new name, or the switch. */
export interface KeyedChange {
  name?: string;
  active?: boolean;
}

/** A secret in the API's answer only (a create or a rotation): the panel shows it once, then forgets it. */
export interface ShownKey {
  /** The record's name, for the message above the secret. */
  name: string;
  /** What the copy button copies: the secret the other side signs with. */
  key: string;
}

/** The API's answer to a create or a rotation: the record as the list shows it, and the secret to show once, if any. */
export interface Issued<Listed extends KeyedRecord, Shown extends ShownKey> {
  record: Listed;
  shown: Shown | null;
}

/**
 * One channel a customer's systems reach the desk by with a key (a widget site key, a telephony line, a
 * messaging bridge), as its admin panel shows it: the words and test ids, and how its records are listed,
 * issued, renamed, switched off and on and, where the channel allows it, rotated. The panel owns what all
 * channels ask (customer, name); the channel's own fields stay with the component that configures it.
 */
export interface KeyedChannel<Listed extends KeyedRecord, Shown extends ShownKey = ShownKey> {
  /** Starts the panel's test ids: `<prefix>-form`, `<prefix>-name`, `<prefix>-<record name>`… */
  readonly prefix: string;
  readonly testId: string;
  readonly titleId: string;
  readonly title: string;
  readonly formLabel: string;
  readonly createText: string;
  readonly emptyText: string;
  /** The copy button's text before it copied. */
  readonly copyText?: string;
  /** The payload paths that have a field on the form; a problem with any other shows above the list. */
  readonly fields: readonly string[];
  list(): Observable<Listed[]>;
  create(common: { organizationId: string; name: string }): Observable<Issued<Listed, Shown>>;
  /** After the API issued a record: the channel's own fields start again (the customer stays chosen). */
  created?(): void;
  /** Present when the channel's secret can be replaced; the grace is how long the old one still works. */
  rotate?(record: Listed, graceMinutes: number): Observable<Issued<Listed, Shown>>;
  readonly rotateText?: string;
  /** What one record is called in a confirmation: "site key", "line", "bridge". */
  readonly noun: string;
  /** What switching a record off stops, read before the admin confirms it. */
  readonly offEffect: string;
  /** Renames a record or switches it off or on; the answer is the record as the list shows it. */
  update(record: Listed, change: KeyedChange): Observable<Listed>;
}
