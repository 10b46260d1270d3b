import { Injectable, signal } from '@angular/core';

const TICK_MS = 15_000;

/** The current time as a signal, ticking every 15 s: SLA countdowns move without reloading anything. */
@Injectable({ providedIn: 'root' })
export class Clock {
  private readonly state = signal(Date.now());
  readonly now = this.state.asReadonly();

  constructor() {
    // A root service lives as long as the page: the interval never needs clearing.
    setInterval(() => this.state.set(Date.now()), TICK_MS);
  }
}
