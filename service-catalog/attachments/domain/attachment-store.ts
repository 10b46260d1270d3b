import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { SNIFF_BYTES } from './content-types';

/** A file written completely to the store's temporary folder, not yet part of the store. */
export interface StagedFile {
  path: string;
  size: number;
  sha256: string;
  /** The first {@link SNIFF_BYTES} bytes, for the content checks. */
  head: Buffer;
}

/**
 * Attachment bytes on disk, content-addressed: `<dir>/<first two hex of sha256>/<sha256>`. Files
 * arrive in `<dir>/tmp` (the same file system, so the final rename is atomic) and are synced before
 * they are renamed into place: a crash leaves either nothing or a whole file, never a partial one
 * under a final name. Temporary files are the caller's to commit or discard.
 */
export class AttachmentStore {
  readonly tmpDir: string;

  constructor(readonly dir: string) {
    this.dir = resolve(dir);
    this.tmpDir = join(this.dir, 'tmp');
  }

  async init(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true, mode: 0o750 });
  }

  /** Whether `path` is a file in the temporary folder (hapi writes uploads there). */
  isTemporary(path: string): boolean {
    const rel = relative(this.tmpDir, resolve(path));
    return !!rel && !rel.startsWith('..') && !rel.includes(sep);
  }

  /** A fresh name in the temporary folder, for a file about to be written there. */
  temporaryPath(purpose: 'mail' | 'clean'): string {
    return join(this.tmpDir, `${purpose}-${randomUUID()}`);
  }

  /** Writes bytes held in memory (a mail attachment) to a new temporary file. */
  async stageBuffer(content: Buffer): Promise<StagedFile> {
    await this.init();
    const path = this.temporaryPath('mail');
    const handle = await open(path, 'wx', 0o640);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } catch (err) {
      await handle.close();
      await this.discard(path);
      throw err;
    }
    await handle.close();
    return {
      path,
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      head: content.subarray(0, SNIFF_BYTES),
    };
  }

  /** Hashes and syncs a file already written to the temporary folder (an HTTP upload). */
  async stageFile(path: string): Promise<StagedFile> {
    if (!this.isTemporary(path)) throw new Error(`${path} is not in the attachment store's temporary folder`);
    const handle = await open(path, 'r+');
    try {
      const hash = createHash('sha256');
      const chunk = Buffer.alloc(64 * 1024);
      let head = Buffer.alloc(0);
      let size = 0;
      for (;;) {
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
        if (!bytesRead) break;
        hash.update(chunk.subarray(0, bytesRead));
        if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, Math.min(bytesRead, SNIFF_BYTES - head.length))]);
        size += bytesRead;
      }
      await handle.sync();
      return { path, size, sha256: hash.digest('hex'), head };
    } finally {
      await handle.close();
    }
  }

  /**
   * Moves a staged file to its final, content-addressed place. `created` is false when the same
   * bytes were stored before (the temporary copy is dropped): only a created file may be removed
   * again if recording it fails.
   */
  async commit(staged: StagedFile): Promise<{ key: string; created: boolean }> {
    const key = `${staged.sha256.slice(0, 2)}/${staged.sha256}`;
    const target = this.pathOf(key);
    await mkdir(join(this.dir, staged.sha256.slice(0, 2)), { recursive: true, mode: 0o750 });
    if (await exists(target)) {
      await this.discard(staged.path);
      return { key, created: false };
    }
    await rename(staged.path, target);
    return { key, created: true };
  }

  /** Removes a temporary file; one that is already gone is fine. */
  async discard(path: string): Promise<void> {
    await unlink(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  async remove(key: string): Promise<void> {
    await this.discard(this.pathOf(key));
  }

  open(key: string): ReadStream {
    return createReadStream(this.pathOf(key));
  }

  pathOf(key: string): string {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(key)) throw new Error(`"${key}" is not an attachment storage key`);
    return join(this.dir, key);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
