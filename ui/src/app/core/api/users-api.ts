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

/** The roles a user can hold (service-catalog/identity/domain/roles.ts). */
export const USER_ROLES = ['requester', 'agent', 'process-owner', 'technician', 'admin', 'customer-manager'] as const;

/** What an admin fills in for a new user (POST /users); the API names a refused field. */
export interface NewUser {
  username: string;
  displayName: string;
  email: string | null;
  roles: string[];
  organizationId: string | null;
  password?: string;
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

  create(input: NewUser): Observable<DirectoryUser> {
    return this.http.post<DirectoryUser>('/users', input);
  }

  /** Ends every sign-in of the user at once (their API tokens are not sign-ins and stay). */
  signOutEverywhere(id: string): Observable<void> {
    return this.http.delete<void>(`/users/${encodeURIComponent(id)}/sessions`);
  }

  setManager(id: string, managerId: string | null): Observable<DirectoryUser> {
    return this.http.patch<DirectoryUser>(`/users/${encodeURIComponent(id)}`, { managerId });
  }
}
