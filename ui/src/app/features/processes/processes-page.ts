import { Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Operate } from '../operate/operate';
import { Studio } from '../studio/studio';

/** Process owners' workbench: the modeler on top, instances and tasks below. */
@Component({
  selector: 'app-processes-page',
  imports: [Studio, Operate, RouterLink],
  template: `
    <p class="decisions-link">
      <a routerLink="/processes/decisions" data-testid="decisions-link">Decisions (DMN): the priority matrix and other tables</a>
    </p>
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
    .decisions-link {
      margin: 0;
    }
  `,
})
export class ProcessesPage {}
