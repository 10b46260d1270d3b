import { HttpClient } from '@angular/common/http';
import { Injectable, computed, effect, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { Session } from '../auth/session';

/** The zone this browser runs in: the default until the person chooses one on their profile. */
export const BROWSER_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The zone the signed-in person reads times in: the one set on their profile (`PATCH /me {timeZone}`),
 * else the browser's. The desk's times (ticket times, SLA deadlines, the "Waiting for" sentences) follow it.
 */
@Injectable({ providedIn: 'root' })
export class UserTimeZone {
  private readonly http = inject(HttpClient);
  private readonly session = inject(Session);
  /** The profile's zone; null: none chosen (the browser's applies). */
  readonly chosen = signal<string | null>(null);
  readonly zone = computed(() => this.chosen() ?? BROWSER_TIME_ZONE);

  constructor() {
    effect(() => {
      if (this.session.user()) void this.load();
      else this.chosen.set(null);
    });
  }

  private async load(): Promise<void> {
    try {
      const me = await firstValueFrom(this.http.get<{ timeZone: string | null }>('/me'));
      this.chosen.set(me.timeZone ?? null);
    } catch {
      // Without the profile the browser's zone applies; nothing is shown wrongly, only in another zone.
    }
  }

  /** Stores the person's choice (null: follow the browser). Throws the API's refusal of an unknown zone. */
  async save(zone: string | null): Promise<void> {
    const me = await firstValueFrom(this.http.patch<{ timeZone: string | null }>('/me', { timeZone: zone }));
    this.chosen.set(me.timeZone ?? null);
  }
}

/** Every zone the browser knows, for the profile's choice. */
export function knownTimeZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return supported.includes('UTC') ? supported : ['UTC', ...supported];
}

/** The zone's offset from UTC at an instant, as Angular's date formatting takes it (`+0200`). */
export function offsetAt(zone: string, instant: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(part ?? '');
  return match ? `${match[1]}${match[2]}${match[3] ?? '00'}` : '+0000';
}
