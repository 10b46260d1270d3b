import { DatePipe } from '@angular/common';
import { Component, computed, inject, input, signal, viewChild } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { FieldAction, PartUsed } from '../../core/api/field-api';
import { FieldOutbox } from './field-outbox';
import { nextSteps, openRequired } from './job-state';
import { OutboxIndicator } from './outbox-indicator';
import { SignatureField } from './signature-field';
import { TechJobs } from './tech-jobs';
import { registerTechWorker } from './tech-worker';

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/heic': 'heic' };

/**
 * One job on the technician's phone: accept or reject it, travel, check in where they are, tick the
 * checklist, record parts, take photos, have the customer sign, check out. Everything goes through the
 * outbox, so it works the same with and without a network; the page shows the job as the phone has it.
 */
@Component({
  selector: 'app-tech-job-page',
  imports: [FormsModule, RouterLink, DatePipe, OutboxIndicator, SignatureField],
  templateUrl: './tech-job-page.html',
  styleUrl: './tech-job-page.css',
})
export class TechJobPage {
  readonly number = input.required<string>();
  private readonly jobs = inject(TechJobs);
  private readonly outbox = inject(FieldOutbox);
  private readonly signature = viewChild(SignatureField);

  protected readonly job = computed(() => this.jobs.job(this.number()));
  protected readonly title = computed(() => this.jobs.titles()[this.number()] ?? this.job()?.workOrder.workType ?? this.number());
  protected readonly steps = computed(() => (this.job()?.rejected ? [] : nextSteps(this.job()?.status ?? '')));
  protected readonly openRequired = computed(() => openRequired(this.job()?.checklist ?? []));
  protected readonly error = signal<string | null>(null);
  protected readonly locating = signal(false);
  protected readonly rejectReason = signal('');
  protected readonly signerName = signal('');
  protected readonly notes = signal('');
  protected readonly hasSignature = signal(false);
  protected readonly part = signal<PartUsed>({ partNumber: '', description: '', quantity: 1 });

  constructor() {
    registerTechWorker();
    void this.outbox.ready.then(() => (this.jobs.job(this.number()) ? undefined : this.jobs.refresh()));
  }

  protected can(step: FieldAction['action']): boolean {
    return this.steps().includes(step);
  }

  protected async act(action: FieldAction): Promise<void> {
    this.error.set(null);
    try {
      await this.outbox.act(this.number(), action);
    } catch (err) {
      this.error.set(err instanceof Error ? err.message : String(err));
    }
  }

  protected reject(): Promise<void> | void {
    const reason = this.rejectReason().trim();
    if (reason.length < 3) return this.error.set('Say why you turn the job down (at least 3 characters).');
    return this.act({ action: 'reject', reason });
  }

  /** Checks in where the phone is (GPS works without a network), at the time it happened. */
  protected checkIn(): void {
    this.error.set(null);
    if (!('geolocation' in navigator)) return this.error.set('This device cannot tell where it is.');
    this.locating.set(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        this.locating.set(false);
        void this.act({ action: 'check-in', latitude: position.coords.latitude, longitude: position.coords.longitude });
      },
      (failure) => {
        this.locating.set(false);
        this.error.set(`No position: ${failure.message || 'location is off or not allowed'}`);
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  }

  protected tick(key: string, done: boolean): Promise<void> {
    return this.act({ action: 'checklist', items: [{ key, done }] });
  }

  protected addPart(): Promise<void> | void {
    const part = this.part();
    const partNumber = part.partNumber.trim();
    if (!partNumber || !(part.quantity >= 1)) return this.error.set('A part needs its number and a quantity of at least 1.');
    const parts = [...(this.job()?.parts ?? []), { partNumber, description: part.description.trim(), quantity: Math.floor(part.quantity) }];
    this.part.set({ partNumber: '', description: '', quantity: 1 });
    return this.act({ action: 'parts', parts });
  }

  protected removePart(index: number): Promise<void> {
    return this.act({ action: 'parts', parts: (this.job()?.parts ?? []).filter((_, i) => i !== index) });
  }

  protected async takePhoto(input: HTMLInputElement): Promise<void> {
    this.error.set(null);
    for (const file of Array.from(input.files ?? [])) {
      if (!file.type.startsWith('image/')) {
        this.error.set(`${file.name} is not a photo`);
        continue;
      }
      await this.outbox.addPhoto(this.number(), file, EXTENSIONS[file.type] ?? (file.name.split('.').pop() || 'jpg'));
    }
    input.value = '';
  }

  protected signOff(): Promise<void> | void {
    const signature = this.signature()?.png();
    const signerName = this.signerName().trim();
    if (signerName.length < 2) return this.error.set('Write the name of the person who signs.');
    if (!signature) return this.error.set('The customer has not signed yet.');
    return this.act({ action: 'sign-off', signerName, signature, ...(this.notes().trim() ? { notes: this.notes().trim() } : {}) });
  }

  protected checkOut(): Promise<void> | void {
    const open = this.openRequired();
    if (open.length) return this.error.set(`Still to do: ${open.map((c) => c.label).join('; ')}`);
    return this.act({ action: 'check-out' });
  }

  protected setPart(field: keyof PartUsed, value: string | number): void {
    this.part.update((p) => ({ ...p, [field]: field === 'quantity' ? Number(value) : value }));
  }
}
