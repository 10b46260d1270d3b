import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/**
 * The signed-in person as PATCH /me and PUT /me/availability return them (the API's `User`; GET /me adds
 * their group keys): what the profile page shows and edits. test/integration/ui-wire-types.test.ts holds it
 * to the schema.
 */
export interface ProfileUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  roles: string[];
  organizationId: string | null;
  groupIds: string[];
  servedOrganizationIds: string[];
  active: boolean;
  skills: string[];
  managerId: string | null;
  available: boolean;
  timeZone: string | null;
  createdAt: string;
  updatedAt: string;
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

  get(): Observable<ProfileUser> {
    return this.http.get<ProfileUser>('/me');
  }

  update(patch: MePatch): Observable<ProfileUser> {
    return this.http.patch<ProfileUser>('/me', patch);
  }

  /** Away (false) or back (true): routing never picks an unavailable agent; tickets already theirs stay. */
  setAvailability(available: boolean): Observable<ProfileUser> {
    return this.http.put<ProfileUser>('/me/availability', { available });
  }
}
