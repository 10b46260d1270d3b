import { Component } from '@angular/core';
import { Operate } from '../operate/operate';
import { Studio } from '../studio/studio';

/** The one page of the walking skeleton: modeler on top, instances and tasks below. */
@Component({
  selector: 'app-desk-page',
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
  `,
})
export class DeskPage {}
