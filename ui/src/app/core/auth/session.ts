import { HttpBackend, HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { Observable, firstValueFrom, from, map, shareReplay, tap } from 'rxjs';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
}

interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user?: SessionUser;
}

interface Stored {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
}

const STORAGE_KEY = 'flowdesk.session';

/**
 * The signed-in user and their tokens. The access token is short-lived; `refresh()` trades the
 * refresh token for a new pair (the interceptor calls it on a 401). Kept in localStorage so a reload
 * stays signed in.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  // HttpBackend skips the interceptors: signing in and refreshing must not recurse into them.
  private readonly http = new HttpClient(inject(HttpBackend));
  private readonly state = signal<Stored | null>(load());
  private refreshing: Observable<string> | null = null;

  readonly user = computed(() => this.state()?.user ?? null);
  readonly signedIn = computed(() => this.state() !== null);

  get accessToken(): string | null {
    return this.state()?.accessToken ?? null;
  }

  login(username: string, password: string): Promise<void> {
    return firstValueFrom(this.http.post<TokenPair & { user: SessionUser }>('/auth/login', { username, password })).then((pair) =>
      this.save({ accessToken: pair.accessToken, refreshToken: pair.refreshToken, user: pair.user }),
    );
  }

  /** One refresh at a time, shared by every request that met a 401 meanwhile. */
  refresh(): Observable<string> {
    const current = this.state();
    if (!current) return from(Promise.reject(new Error('not signed in')));
    this.refreshing ??= this.http.post<TokenPair>('/auth/refresh', { refreshToken: current.refreshToken }).pipe(
      tap({
        next: (pair) => this.save({ ...current, accessToken: pair.accessToken, refreshToken: pair.refreshToken }),
        error: () => this.clear(),
        finalize: () => (this.refreshing = null),
      }),
      map((pair) => pair.accessToken),
      shareReplay(1),
    );
    return this.refreshing;
  }

  /** The header's name follows a change made on the profile page, without signing in again. */
  renamed(displayName: string): void {
    const current = this.state();
    if (current) this.save({ ...current, user: { ...current.user, displayName } });
  }

  logout(): void {
    const current = this.state();
    this.clear();
    if (current) this.http.post('/auth/logout', { refreshToken: current.refreshToken }).subscribe({ error: () => undefined });
  }

  private save(stored: Stored): void {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
    this.state.set(stored);
  }

  private clear(): void {
    localStorage.removeItem(STORAGE_KEY);
    this.state.set(null);
  }
}

function load(): Stored | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}
