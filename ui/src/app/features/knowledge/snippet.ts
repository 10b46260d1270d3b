import { Component, computed, input } from '@angular/core';

/** A search snippet whose matched words the API marks «like this», shown with those words in bold (as text, never as HTML). */
@Component({
  selector: 'app-snippet',
  template: `@for (part of parts(); track $index) {
    @if (part.hit) {
      <mark>{{ part.text }}</mark>
    } @else {
      {{ part.text }}
    }
  }`,
  styles: `
    mark {
      background: #fff1b8;
      color: inherit;
      font-weight: 600;
    }
  `,
})
export class Snippet {
  readonly text = input.required<string>();
  protected readonly parts = computed(() =>
    this.text()
      .split(/(«[^»]*»)/)
      .filter(Boolean)
      .map((p) => (p.startsWith('«') && p.endsWith('»') ? { hit: true, text: p.slice(1, -1) } : { hit: false, text: p })),
  );
}
