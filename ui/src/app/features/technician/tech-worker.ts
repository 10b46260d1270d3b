import { isDevMode } from '@angular/core';

/**
 * Installs the Angular service worker (ngsw-worker.js, built from ui/ngsw-config.json) for the
 * technician app only: its scope is /tech/, so the desk, studio and portal are never served from its
 * cache, while /tech/… opens without a network once visited. Not in development builds (ng serve
 * rebuilds would be shadowed by the cache).
 */
export function registerTechWorker(): void {
  if (isDevMode() || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/ngsw-worker.js', { scope: '/tech/' }).catch((err: unknown) => {
    console.warn('the technician app cannot work offline here:', err);
  });
}
