import { formatDate } from '@angular/common';
import { LOCALE_ID, Pipe, PipeTransform, inject } from '@angular/core';
import { UserTimeZone, offsetAt } from './user-time-zone';

/**
 * `date`, in the signed-in person's zone (their profile's, else the browser's): `{{ t.createdAt | zonedDate: 'medium' }}`.
 * Angular's own pipe takes only fixed offsets, so the zone's offset at that very instant is used (summer time included).
 * Impure: a change of the chosen zone shows at once.
 */
@Pipe({ name: 'zonedDate', pure: false })
export class ZonedDatePipe implements PipeTransform {
  private readonly zone = inject(UserTimeZone);
  private readonly locale = inject(LOCALE_ID);

  transform(value: string | number | Date | null | undefined, format = 'mediumDate'): string | null {
    if (value === null || value === undefined || value === '') return null;
    const instant = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(instant.getTime())) return null;
    return formatDate(instant, format, this.locale, offsetAt(this.zone.zone(), instant));
  }
}
