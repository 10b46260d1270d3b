import { Component, ElementRef, OnDestroy, effect, input, viewChild } from '@angular/core';
import type * as Leaflet from 'leaflet';

export interface MapPin {
  number: string;
  label: string;
  latitude: number;
  longitude: number;
  done: boolean;
}

/**
 * Where a deployment's map tiles come from: `<meta name="flowdesk-map-tiles" content="https://tiles.example/{z}/{x}/{y}.png">`
 * in index.html (and that origin added to `img-src` in service-catalog/http/security-headers.ts). Without
 * it — Flowdesk's default, since nothing outside may be reachable — the map shows the jobs as markers
 * on a plain background with a scale, which is enough to see how they lie to each other.
 */
export function mapTileUrl(): string | null {
  return document.querySelector<HTMLMetaElement>('meta[name="flowdesk-map-tiles"]')?.content || null;
}

/** Today's jobs on a Leaflet map: one numbered marker per site that has a location. */
@Component({
  selector: 'app-jobs-map',
  template: `<div #map class="map" data-testid="jobs-map" role="region" [attr.aria-label]="pins().length + ' jobs on the map'"></div>`,
  styles: `
    .map {
      height: 220px;
      border: 1px solid var(--border);
      border-radius: 10px;
      background: #e8eef3;
    }
  `,
})
export class JobsMap implements OnDestroy {
  readonly pins = input.required<MapPin[]>();
  private readonly host = viewChild.required<ElementRef<HTMLElement>>('map');
  private map: Leaflet.Map | null = null;
  private layer: Leaflet.LayerGroup | null = null;

  constructor() {
    effect(() => void this.draw(this.pins()));
  }

  ngOnDestroy(): void {
    this.map?.remove();
  }

  private async draw(pins: MapPin[]): Promise<void> {
    // Leaflet is a UMD module: bundled as ESM, its API is the default export.
    const loaded = await import('leaflet');
    const L = (loaded as unknown as { default?: typeof Leaflet }).default ?? loaded;
    if (!this.map) {
      this.map = L.map(this.host().nativeElement, { zoomControl: true, attributionControl: false }).setView([54.9, 23.9], 7);
      const tiles = mapTileUrl();
      if (tiles) L.tileLayer(tiles, { maxZoom: 19 }).addTo(this.map);
      L.control.scale({ imperial: false }).addTo(this.map);
      this.layer = L.layerGroup().addTo(this.map);
    }
    this.layer!.clearLayers();
    for (const pin of pins) {
      L.circleMarker([pin.latitude, pin.longitude], {
        radius: 9,
        color: pin.done ? '#2e7d32' : '#1f5f99',
        fillOpacity: 0.8,
        className: `pin-${pin.number}`,
      })
        .bindTooltip(`${pin.number} · ${pin.label}`, { permanent: pins.length <= 5, direction: 'right' })
        .addTo(this.layer!);
    }
    if (pins.length === 1) this.map.setView([pins[0]!.latitude, pins[0]!.longitude], 13);
    else if (pins.length > 1)
      this.map.fitBounds(L.latLngBounds(pins.map((p) => [p.latitude, p.longitude] as [number, number])), { padding: [30, 30] });
  }
}
