import { Component } from '@angular/core';
import { Operate } from '../operate/operate';
import { Studio } from '../studio/studio';

/** Process owners' workbench: the modeler on top, instances and tasks below. */
@Component({
  selector: 'app-processes-page',
  imports: [Studio, Operate],
  template: `
    <app-studio />
    <app-operate />
  `,
  styles: `
    :host {
      display: grid;
      gap: 1.5rem;
    }
    /* Grid items would otherwise grow to their widest content and widen the page on a phone. */
    :host > * {
      min-width: 0;
    }
  `,
})
export class ProcessesPage {}
