import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** A user as the directory shows them to an admin (GET /users). */
export interface DirectoryUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: string[];
  organizationId: string | null;
  active: boolean;
  managerId: string | null;
  /** The assignment groups they belong to (ids): membership is a property of the user. */
  groupIds: string[];
}

/** The user directory (admin). */
@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  page(offset: number, limit = 100): Observable<{ items: DirectoryUser[]; total: number }> {
    return this.http.get<{ items: DirectoryUser[]; total: number }>('/users', { params: { limit, offset } });
  }

  /** A membership changes by the user's whole list of groups: the API has no per-membership route. */
  setGroups(id: string, groupIds: string[]): Observable<DirectoryUser> {
    return this.http.patch<DirectoryUser>(`/users/${encodeURIComponent(id)}`, { groupIds });
  }

  setManager(id: string, managerId: string | null): Observable<DirectoryUser> {
    return this.http.patch<DirectoryUser>(`/users/${encodeURIComponent(id)}`, { managerId });
  }
}
