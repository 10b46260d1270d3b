import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** The signed-in person as GET /me returns them: what the profile page shows and edits. */
export interface Me {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  roles: string[];
  available: boolean;
  timeZone: string | null;
}

/** What a person may change about themselves (PATCH /me); a new password needs the current one. */
export interface MePatch {
  displayName?: string;
  email?: string | null;
  phone?: string | null;
  timeZone?: string | null;
  password?: string;
  currentPassword?: string;
}

/** The signed-in person's own profile and availability. */
@Injectable({ providedIn: 'root' })
export class MeApi {
  private readonly http = inject(HttpClient);

  get(): Observable<Me> {
    return this.http.get<Me>('/me');
  }

  update(patch: MePatch): Observable<Me> {
    return this.http.patch<Me>('/me', patch);
  }

  /** Away (false) or back (true): routing never picks an unavailable agent; tickets already theirs stay. */
  setAvailability(available: boolean): Observable<Me> {
    return this.http.put<Me>('/me/availability', { available });
  }
}
