import { DatePipe } from '@angular/common';
import { Component, computed, inject, input, signal, viewChild } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { FieldAction, Part, PartUsed, WHOLE_UNITS } from '../../core/api/field-api';
import { FieldOutbox } from './field-outbox';
import { nextSteps, openRequired, partsFor, quantityProblem, withPart } from './job-state';
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
  protected readonly partQuery = signal('');
  protected readonly partSku = signal('');
  protected readonly partQuantity = signal(1);
  protected readonly partNote = signal('');
  /** The catalogue parts this job may use (the provider's and its customer's), as the phone last fetched them. */
  private readonly usable = computed(() => partsFor(this.jobs.catalogue(), this.job()?.workOrder.organizationId ?? null));
  protected readonly catalogueSize = computed(() => this.usable().length);
  /** What the search finds, at most 100 (a longer list is no help on a phone), the picked part always among them. */
  protected readonly choices = computed(() => {
    const found = partsFor(this.usable(), this.job()?.workOrder.organizationId ?? null, this.partQuery()).slice(0, 100);
    const picked = this.picked();
    return picked && !found.includes(picked) ? [picked, ...found] : found;
  });
  protected readonly picked = computed(() => this.usable().find((p) => p.sku === this.partSku()) ?? null);
  protected readonly wholeUnits = computed(() => WHOLE_UNITS.includes(this.picked()?.unit ?? 'pcs'));

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

  /** Adds the picked catalogue part in the quantity given (the same part and note again adds to its line). */
  protected addPart(): Promise<void> | void {
    const part = this.picked();
    if (!part) return this.error.set('Pick a part from the catalogue.');
    const quantity = Number(this.partQuantity());
    const problem = quantityProblem(part, quantity);
    if (problem) return this.error.set(problem);
    const parts = withPart(this.job()?.parts ?? [], { partNumber: part.sku, description: this.partNote().trim(), quantity });
    this.partSku.set('');
    this.partQuery.set('');
    this.partQuantity.set(1);
    this.partNote.set('');
    return this.act({ action: 'parts', parts });
  }

  /** A search that leaves one part picks it, so typing a SKU is enough. */
  protected search(query: string): void {
    this.partQuery.set(query);
    const found = partsFor(this.usable(), this.job()?.workOrder.organizationId ?? null, query);
    if (found.length === 1) this.partSku.set(found[0]!.sku);
  }

  /** The catalogue's name and unit of a part on the job (blank for a SKU the phone's copy does not know). */
  protected partOf(used: PartUsed): Part | null {
    return this.usable().find((p) => p.sku === used.partNumber) ?? null;
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
}
