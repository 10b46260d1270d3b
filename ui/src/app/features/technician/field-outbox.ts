import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../core/api/api-error';
import { FieldAction, FieldApi, QueuedAction } from '../../core/api/field-api';
import { Session } from '../../core/auth/session';
import { OutboxEntry, OutboxStore, clientId } from './outbox-store';

/** Synced entries are kept this long for the indicator, then forgotten. */
const KEEP_SYNCED_MS = 24 * 60 * 60_000;
/** The sync route takes at most this many actions at once. */
const BATCH = 200;

/**
 * The technician's actions, queued on the phone first and sent when there is a network: every action
 * gets a client id and the time it was done, and goes to POST /work-orders/sync, which applies each id
 * once and in the order done; photos are uploaded between the batches, where they were taken (the
 * server takes them only between check-in and check-out). Conflicts and refusals stay on the phone,
 * shown with the server's reason, until the technician dismisses them.
 */
@Injectable({ providedIn: 'root' })
export class FieldOutbox {
  private readonly api = inject(FieldApi);
  private readonly session = inject(Session);
  private readonly store = new OutboxStore();
  private readonly all = signal<OutboxEntry[]>([]);
  private flushing: Promise<void> | null = null;

  readonly online = signal(navigator.onLine);
  readonly syncing = signal(false);
  /** This user's entries, in the order done. */
  readonly entries = computed(() => {
    const me = this.session.user()?.id;
    return this.all().filter((e) => e.userId === me);
  });
  readonly queued = computed(() => this.entries().filter((e) => e.state === 'queued'));
  readonly synced = computed(() => this.entries().filter((e) => e.state === 'synced'));
  readonly problems = computed(() => this.entries().filter((e) => e.state === 'conflict' || e.state === 'rejected'));
  /** Bumped after each flush that changed something, so pages reload what the server now has. */
  readonly flushed = signal(0);
  readonly ready: Promise<void>;

  constructor() {
    const up = () => {
      this.online.set(true);
      void this.flush();
    };
    const down = () => this.online.set(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    inject(DestroyRef).onDestroy(() => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    });
    this.ready = this.reload().then(() => this.flush());
  }

  /** Queues an action done now, and sends it at once when online. */
  async act(workOrder: string, action: FieldAction): Promise<void> {
    await this.add({ kind: 'action', workOrder, action });
  }

  async addPhoto(workOrder: string, photo: Blob, extension: string): Promise<void> {
    const id = clientId();
    await this.add({ kind: 'photo', workOrder, photo, filename: `${id}.${extension}` }, id);
  }

  async dismiss(entry: OutboxEntry): Promise<void> {
    await this.store.remove([entry.seq!]);
    await this.reload();
  }

  /** Sends what is queued, once at a time; a lost network leaves the rest queued for the next try. */
  flush(): Promise<void> {
    this.flushing ??= this.send().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async add(entry: Omit<OutboxEntry, 'id' | 'userId' | 'at' | 'state'>, id = clientId()): Promise<void> {
    const userId = this.session.user()?.id;
    if (!userId) throw new Error('not signed in');
    await this.store.add({ ...entry, id, userId, at: new Date().toISOString(), state: 'queued' });
    await this.reload();
    void this.flush();
  }

  private async send(): Promise<void> {
    if (!navigator.onLine || !this.queued().length) return;
    this.syncing.set(true);
    let changed = false;
    try {
      let batch: OutboxEntry[] = [];
      const sendBatch = async () => {
        if (batch.length) changed = (await this.sendActions(batch)) || changed;
        batch = [];
      };
      for (const entry of [...this.queued()].sort((a, b) => a.seq! - b.seq!)) {
        if (entry.kind === 'action') {
          batch.push(entry);
          if (batch.length === BATCH) await sendBatch();
          continue;
        }
        await sendBatch();
        changed = (await this.sendPhoto(entry)) || changed;
      }
      await sendBatch();
    } catch (err) {
      // The network went (status 0) or the server is down: everything not settled stays queued.
      if (!(err instanceof HttpErrorResponse) || (err.status !== 0 && err.status < 500)) throw err;
    } finally {
      await this.forgetOld();
      await this.reload();
      this.syncing.set(false);
      if (changed) this.flushed.update((n) => n + 1);
    }
  }

  private async sendActions(batch: OutboxEntry[]): Promise<boolean> {
    let results;
    try {
      results = (await firstValueFrom(this.api.sync(batch.map(toQueued)))).results;
    } catch (err) {
      if (!(err instanceof HttpErrorResponse) || err.status === 0 || err.status >= 500) throw err;
      // The batch itself was refused (a field the server does not take): kept, with the reason, not retried forever.
      const problem = toApiProblem(err);
      for (const entry of batch) await this.settle(entry, 'rejected', problem.code ?? String(err.status), problem.message);
      return true;
    }
    for (const [i, result] of results.entries()) {
      const entry = batch[i]!;
      if (result.outcome === 'pending') continue;
      await this.settle(entry, result.outcome === 'applied' ? 'synced' : result.outcome, result.code, result.message);
    }
    return true;
  }

  /** A photo is sent once: if an earlier upload got through but its answer was lost, the server has it under this name. */
  private async sendPhoto(entry: OutboxEntry): Promise<boolean> {
    try {
      const kept = (await firstValueFrom(this.api.photos(entry.workOrder))).items;
      if (!kept.some((p) => p.filename === entry.filename))
        await firstValueFrom(this.api.addPhoto(entry.workOrder, entry.photo!, entry.filename!));
      await this.settle(entry, 'synced', null, null);
    } catch (err) {
      if (!(err instanceof HttpErrorResponse) || err.status === 0 || err.status >= 500) throw err;
      const problem = toApiProblem(err);
      const state = err.status === 403 || err.status === 404 ? 'conflict' : 'rejected';
      await this.settle(entry, state, problem.code ?? String(err.status), problem.message);
    }
    return true;
  }

  private async settle(entry: OutboxEntry, state: OutboxEntry['state'], code: string | null, message: string | null): Promise<void> {
    // A synced photo's bytes are on the server now: the phone lets go of them.
    const { photo: _photo, ...rest } = entry;
    await this.store.put({ ...(state === 'synced' ? rest : entry), state, code, message });
  }

  private async forgetOld(): Promise<void> {
    const cutoff = Date.now() - KEEP_SYNCED_MS;
    await this.store.remove(
      this.all()
        .filter((e) => e.state === 'synced' && Date.parse(e.at) < cutoff)
        .map((e) => e.seq!),
    );
  }

  private async reload(): Promise<void> {
    this.all.set((await this.store.all()).sort((a, b) => a.seq! - b.seq!));
  }
}

const toQueued = (e: OutboxEntry): QueuedAction => ({ ...e.action!, id: e.id, at: e.at, workOrder: e.workOrder }) as QueuedAction;
