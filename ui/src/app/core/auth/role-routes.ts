import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { Session } from './session';

const STAFF_ROLES = ['agent', 'technician', 'process-owner', 'admin'];

export const isStaff = (roles: readonly string[]) => roles.some((r) => STAFF_ROLES.includes(r));
/** Process owners and admins design and operate processes; they get the studio. */
export const designsProcesses = (roles: readonly string[]) => roles.some((r) => r === 'process-owner' || r === 'admin');

/** Agents, process owners and admins plan field work on the dispatch board (the API's DISPATCHERS). */
export const dispatches = (roles: readonly string[]) => roles.some((r) => r === 'agent' || r === 'process-owner' || r === 'admin');

/** Where a user lands after signing in: requesters in the portal, agents at the desk, process owners in the studio. */
export function homeFor(roles: readonly string[]): string {
  if (roles.some((r) => r === 'agent' || r === 'technician')) return '/desk';
  if (designsProcesses(roles)) return '/processes';
  return '/portal';
}

/** Signed out: to the sign-in page, remembering where the user was going. */
export const signedIn: CanActivateFn = (_route, state) => {
  if (inject(Session).signedIn()) return true;
  return inject(Router).createUrlTree(['/login'], { queryParams: { next: state.url } });
};

/** The desk and the studio are for staff; a requester who follows a link there lands in the portal. */
export const staffOnly: CanActivateFn = () => {
  const roles = inject(Session).user()?.roles ?? [];
  return isStaff(roles) || inject(Router).createUrlTree(['/portal']);
};

/** User administration is the admin's: anyone else lands on their home. */
export const adminOnly: CanActivateFn = () => {
  const roles = inject(Session).user()?.roles ?? [];
  return roles.includes('admin') || inject(Router).createUrlTree([homeFor(roles)]);
};

/** The KPI dashboard: the desk, and a customer's manager (the API narrows them to their organisation). */
export const readsKpis: CanActivateFn = () => {
  const roles = inject(Session).user()?.roles ?? [];
  return isStaff(roles) || roles.includes('customer-manager') || inject(Router).createUrlTree(['/portal']);
};

/** Keeping services and the catalog is process owners' and admins' work; others land at their home. */
export const curatorsOnly: CanActivateFn = () => {
  const roles = inject(Session).user()?.roles ?? [];
  return designsProcesses(roles) || inject(Router).createUrlTree([homeFor(roles)]);
};

/** `/`: each role's home. */
export const toHome: CanActivateFn = () => {
  const user = inject(Session).user();
  return inject(Router).createUrlTree([user ? homeFor(user.roles) : '/login']);
};
