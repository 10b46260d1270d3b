import { Component, ElementRef, OnDestroy, afterNextRender, output, viewChild } from '@angular/core';
import SignaturePad from 'signature_pad';

/** The customer signs with a finger: signature_pad on a canvas sized for the device's pixels (at most 2×, under the server's 2000×1000). */
@Component({
  selector: 'app-signature-field',
  template: `
    <canvas #pad class="pad" data-testid="signature-pad" aria-label="Customer signature"></canvas>
    <button type="button" class="clear" (click)="clear()">Clear</button>
  `,
  styles: `
    :host {
      display: block;
    }
    .pad {
      display: block;
      width: 100%;
      height: 160px;
      border: 1px dashed var(--muted);
      border-radius: 8px;
      background: #fff;
      touch-action: none;
    }
    .clear {
      margin-top: 0.3rem;
    }
  `,
})
export class SignatureField implements OnDestroy {
  /** Emits after each stroke whether the pad holds a signature. */
  readonly signed = output<boolean>();
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('pad');
  private pad: SignaturePad | null = null;

  constructor() {
    afterNextRender(() => {
      const canvas = this.canvas().nativeElement;
      const ratio = Math.min(window.devicePixelRatio || 1, 2);
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext('2d')!.scale(ratio, ratio);
      this.pad = new SignaturePad(canvas, { penColor: '#10243a' });
      this.pad.addEventListener('endStroke', () => this.signed.emit(!this.pad!.isEmpty()));
    });
  }

  ngOnDestroy(): void {
    this.pad?.off();
  }

  clear(): void {
    this.pad?.clear();
    this.signed.emit(false);
  }

  /** Base64 of the PNG (what the sign-off action carries), or null when nobody signed. */
  png(): string | null {
    if (!this.pad || this.pad.isEmpty()) return null;
    return this.pad.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  }
}
