/** Where a CI is in its life, from being planned to being disposed of (ITIL 4 service configuration management). */
export const LIFECYCLE_STATES = ['planned', 'ordered', 'in_stock', 'operational', 'in_maintenance', 'retired', 'disposed'] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

/** A disposed CI is gone for good: it stays for its history and tickets, but never comes back. */
export function canMoveTo(from: LifecycleState, to: LifecycleState): boolean {
  return from !== 'disposed' || to === 'disposed';
}
