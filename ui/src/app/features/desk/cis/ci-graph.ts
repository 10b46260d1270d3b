import { Component, ElementRef, OnDestroy, effect, input, output, viewChild } from '@angular/core';
import cytoscape, { type Core } from 'cytoscape';
import { CiGraph } from '../../../core/api/cmdb-api';

/** Colours of the three sides: the CI itself, what it hits when it fails (upstream), what it needs. */
const SIDE_COLOURS = { self: '#1f4e8c', upstream: '#c0392b', downstream: '#7f8c8d' } as const;

/**
 * A CI's neighbourhood drawn with Cytoscape.js: relations as arrows "source needs target", the CIs hit
 * when this one fails in red (the impact), what it needs in grey, business services as diamonds.
 * Cytoscape draws on a canvas, needs no eval and no inline script (the UI's CSP holds).
 */
@Component({
  selector: 'app-ci-graph',
  template: `<div #canvas class="graph" data-testid="ci-graph" role="img" [attr.aria-label]="label()"></div>`,
  styles: `
    .graph {
      width: 100%;
      height: 420px;
      border: 1px solid var(--border, #d0d7de);
      border-radius: 6px;
      background: #fff;
    }
  `,
})
export class CiGraphView implements OnDestroy {
  readonly graph = input.required<CiGraph>();
  /** A node was clicked: open that CI. */
  readonly picked = output<string>();
  private readonly canvas = viewChild.required<ElementRef<HTMLDivElement>>('canvas');
  private cy?: Core;

  constructor() {
    effect(() => this.draw(this.graph()));
  }

  protected label(): string {
    const g = this.graph();
    const hit = g.nodes.filter((n) => n.side === 'upstream').length;
    return `Relations of the configuration item: ${g.nodes.length} items, ${g.edges.length} relations, ${hit} affected if it fails`;
  }

  private draw(graph: CiGraph): void {
    this.cy?.destroy();
    this.cy = cytoscape({
      container: this.canvas().nativeElement,
      elements: [
        ...graph.nodes.map((n) => ({
          data: { id: n.id, label: n.name, side: n.side, shape: n.classKey === 'business_service' ? 'diamond' : 'round-rectangle' },
        })),
        ...graph.edges.map((e) => ({ data: { id: e.id, source: e.sourceId, target: e.targetId, label: e.type.replace('_', ' ') } })),
      ],
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            shape: 'data(shape)' as never,
            'background-color': (n) => SIDE_COLOURS[n.data('side') as keyof typeof SIDE_COLOURS],
            color: '#1b1f24',
            'font-size': 11,
            'text-valign': 'bottom',
            'text-margin-y': 4,
            width: 26,
            height: 26,
          },
        },
        { selector: 'node[side = "self"]', style: { width: 38, height: 38, 'border-width': 3, 'border-color': '#f1c40f' } },
        {
          selector: 'edge',
          style: {
            width: 1.5,
            'line-color': '#8c959f',
            'target-arrow-color': '#8c959f',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
            label: 'data(label)',
            'font-size': 9,
            color: '#57606a',
          },
        },
      ],
      layout: { name: 'breadthfirst', directed: true, spacingFactor: 1.1, padding: 16 },
      userZoomingEnabled: true,
      // The layout fits the graph to the canvas; without a ceiling a CI with no relations filled it as one huge node.
      maxZoom: 2,
      wheelSensitivity: 0.3,
    });
    this.cy.on('tap', 'node', (event) => this.picked.emit(event.target.id() as string));
  }

  ngOnDestroy(): void {
    this.cy?.destroy();
  }
}
