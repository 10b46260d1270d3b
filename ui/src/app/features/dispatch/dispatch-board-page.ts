import { DatePipe } from '@angular/common';
import { Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../core/api/api-error';
import { BoardJob, BoardTechnician, DispatchBoard, FieldApi } from '../../core/api/field-api';
import { SuggestionsPanel } from './suggestions-panel';

const DAY_MS = 24 * 60 * 60_000;
const today = () => new Date().toISOString().slice(0, 10);
/** Where a job may still go to someone else: nobody has checked in yet (`reassign` in work-order-actions.ts). */
const MOVABLE = new Set(['scheduled', 'dispatched', 'accepted', 'travelling']);

/**
 * The dispatcher's board (issue 19): technicians × days for a chosen range, the work orders nobody has
 * yet beside it. A work order is assigned by dragging it onto a technician's cell on the day its window
 * starts (the board plans who goes, the customer agreed the time), or by choosing one of the ranked
 * suggestions shown for the selected work order. A job already assigned, until its technician checks in,
 * moves the same ways to someone else (`reassign`): the process withdraws it from the first technician.
 */
@Component({
  selector: 'app-dispatch-board-page',
  imports: [FormsModule, DatePipe, SuggestionsPanel],
  templateUrl: './dispatch-board-page.html',
  styleUrl: './dispatch-board-page.css',
})
export class DispatchBoardPage {
  private readonly api = inject(FieldApi);

  protected readonly from = signal(today());
  protected readonly days = signal(7);
  protected readonly territory = signal('');
  protected readonly board = signal<DispatchBoard | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly selected = signal<BoardJob | null>(null);
  /** Who has the selected job (null: nobody yet), so a suggestion moves it rather than assigns it. */
  protected readonly selectedFrom = signal<BoardTechnician | null>(null);
  /** The job being dragged: a drop target checks its day (dragover cannot read the dragged data). */
  protected readonly dragging = signal<BoardJob | null>(null);
  private draggingFrom: BoardTechnician | null = null;
  protected readonly busy = signal(false);

  protected readonly unassigned = computed(() => this.board()?.unassigned ?? []);

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.error.set(null);
    try {
      this.board.set(await firstValueFrom(this.api.board(this.from(), this.days(), this.territory().trim())));
    } catch (err) {
      this.error.set(toApiProblem(err).message);
    }
  }

  protected shift(days: number): void {
    this.from.set(new Date(Date.parse(`${this.from()}T00:00:00Z`) + days * this.days() * DAY_MS).toISOString().slice(0, 10));
    void this.load();
  }

  protected jobsOn(technician: BoardTechnician, day: string): BoardJob[] {
    return technician.jobs.filter((j) => j.day === day);
  }

  protected absentOn(technician: BoardTechnician, day: string): boolean {
    const start = Date.parse(`${day}T00:00:00Z`);
    return technician.absences.some((a) => Date.parse(a.startsAt) < start + DAY_MS && Date.parse(a.endsAt) > start);
  }

  protected movable(job: BoardJob): boolean {
    return MOVABLE.has(job.status);
  }

  protected select(job: BoardJob, from: BoardTechnician | null = null): void {
    const again = this.selected()?.number === job.number;
    this.selected.set(again ? null : job);
    this.selectedFrom.set(again ? null : from);
  }

  protected dragStart(event: DragEvent, job: BoardJob, from: BoardTechnician | null = null): void {
    this.dragging.set(job);
    this.draggingFrom = from;
    event.dataTransfer?.setData('text/plain', job.number);
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
  }

  protected dragOver(event: DragEvent, day: string): void {
    if (this.dragging()?.day === day) event.preventDefault();
  }

  protected async drop(event: DragEvent, technician: BoardTechnician, day: string): Promise<void> {
    event.preventDefault();
    const job = this.dragging();
    const from = this.draggingFrom;
    this.dragging.set(null);
    this.draggingFrom = null;
    if (!job || from?.id === technician.id) return;
    if (job.day !== day) {
      this.notice.set(`${job.number} is agreed for ${job.day}: drop it on that day`);
      return;
    }
    await this.assign(job, technician.id, technician.displayName, from?.id ?? null);
  }

  /**
   * Assigns through the work-order process (`schedule`), or moves a job someone has (`reassign`), and
   * moves the card at once; the process catches up.
   */
  protected async assign(job: BoardJob, technicianId: string, name: string, fromId: string | null): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await firstValueFrom(fromId ? this.api.reassign(job.number, technicianId) : this.api.schedule(job.number, technicianId));
      const moved = { ...job, status: fromId ? 'dispatched' : 'scheduled' };
      this.board.update((b) =>
        b
          ? {
              ...b,
              unassigned: b.unassigned.filter((j) => j.number !== job.number),
              technicians: b.technicians.map((t) => {
                const jobs = t.jobs.filter((j) => j.number !== job.number);
                return { ...t, jobs: t.id === technicianId ? [...jobs, moved] : jobs };
              }),
            }
          : b,
      );
      this.selected.set(null);
      this.selectedFrom.set(null);
      this.notice.set(`${job.number} ${fromId ? 'moved' : 'assigned'} to ${name || 'the technician'}`);
    } catch (err) {
      this.error.set(`${job.number}: ${toApiProblem(err).message}`);
    } finally {
      this.busy.set(false);
    }
  }
}
