import { FieldAction } from '../../core/api/field-api';

/** Where an entry stands: waiting on the phone, applied by the server, or refused by it (with the reason). */
export type OutboxState = 'queued' | 'synced' | 'conflict' | 'rejected';

/** One thing the technician did, kept on the phone until the server has it: an action or a photo. */
export interface OutboxEntry {
  /** IndexedDB's own key: the order the technician did things in. */
  seq?: number;
  /** Generated here; the server applies an id once however often it is sent. */
  id: string;
  userId: string;
  at: string;
  workOrder: string;
  kind: 'action' | 'photo';
  action?: FieldAction;
  photo?: Blob;
  filename?: string;
  state: OutboxState;
  code?: string | null;
  message?: string | null;
}

const DB = 'flowdesk-field';
const STORE = 'outbox';

/**
 * The phone's outbox in IndexedDB (it survives a reload and keeps photos as blobs, which localStorage
 * cannot). One object store, keyed by an auto-increment sequence so entries come back in the order done.
 */
export class OutboxStore {
  private db: Promise<IDBDatabase> | null = null;

  async all(): Promise<OutboxEntry[]> {
    const db = await this.open();
    return request<OutboxEntry[]>(db.transaction(STORE).objectStore(STORE).getAll());
  }

  async add(entry: OutboxEntry): Promise<OutboxEntry> {
    const db = await this.open();
    const seq = await request<IDBValidKey>(db.transaction(STORE, 'readwrite').objectStore(STORE).add(entry));
    return { ...entry, seq: seq as number };
  }

  async put(entry: OutboxEntry): Promise<void> {
    const db = await this.open();
    await request(db.transaction(STORE, 'readwrite').objectStore(STORE).put(entry));
  }

  /** Forgets what the server has had for a while: the phone keeps only what it still owes or must show. */
  async remove(seqs: number[]): Promise<void> {
    if (!seqs.length) return;
    const db = await this.open();
    const store = db.transaction(STORE, 'readwrite').objectStore(STORE);
    await Promise.all(seqs.map((seq) => request(store.delete(seq))));
  }

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const opening = indexedDB.open(DB, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
    return this.db;
  }
}

function request<T>(req: IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result as T);
    req.onerror = () => reject(req.error);
  });
}

/** A v4 UUID; crypto.randomUUID exists only in secure contexts (a phone on http://10.x.x.x is not one). */
export function clientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
