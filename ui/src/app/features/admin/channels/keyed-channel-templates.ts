import { Directive, TemplateRef, inject, input } from '@angular/core';
import { KeyedChannel, KeyedRecord, ShownKey } from './keyed-channel';

/** What a record's line in the list is drawn with: the record, and its customer's name. */
export interface KeyedRowContext<Listed> {
  $implicit: Listed;
  organization: string;
}

/**
 * A channel's own line for each record: `<ng-template [appKeyedRow]="channel" let-r let-organization="organization">`.
 * The channel is bound only to type the template's record, as `ngForOf` types `let-item`.
 */
@Directive({ selector: 'ng-template[appKeyedRow]' })
export class KeyedRowTemplate<Listed extends KeyedRecord> {
  readonly appKeyedRow = input.required<KeyedChannel<Listed, ShownKey>>();
  readonly template = inject<TemplateRef<KeyedRowContext<Listed>>>(TemplateRef);

  static ngTemplateContextGuard<L extends KeyedRecord>(_dir: KeyedRowTemplate<L>, _ctx: unknown): _ctx is KeyedRowContext<L> {
    return true;
  }
}

/** A channel's words around a secret shown once: `<ng-template [appShownKey]="channel" let-s>`. */
@Directive({ selector: 'ng-template[appShownKey]' })
export class ShownKeyTemplate<Shown extends ShownKey> {
  readonly appShownKey = input.required<KeyedChannel<KeyedRecord, Shown>>();
  readonly template = inject<TemplateRef<{ $implicit: Shown }>>(TemplateRef);

  static ngTemplateContextGuard<S extends ShownKey>(_dir: ShownKeyTemplate<S>, _ctx: unknown): _ctx is { $implicit: S } {
    return true;
  }
}
