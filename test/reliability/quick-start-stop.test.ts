import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/lib/free-port';
import { repoFile } from '../support/repo-root';

/** Whether any process of the group is still there. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The quick start says "Stop with Ctrl+C". A terminal's Ctrl+C signals the whole foreground process
 * group: Flowdesk, and the embedded PostgreSQL and Temporal dev server it started, all at once, so the
 * servers stop by themselves while Flowdesk still drains. It must still stop, say so and leave nothing
 * running: it used to wait for ever, for PostgreSQL's exit that had already happened, or for a worker
 * whose Temporal server had gone.
 */
describe('npm start on embedded defaults, stopped with Ctrl+C', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowdesk-quick-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops in order when the whole process group gets SIGINT, and leaves no server behind', async () => {
    const [port, mailPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, [repoFile('dist/workflows/main/all-in-one.js')], {
      cwd: repoFile('.'),
      env: { ...process.env, PORT: String(port), MAIL_INBOUND_PORT: String(mailPort), FLOWDESK_DATA_DIR: dataDir },
      // its own process group, as a terminal gives the command it runs
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const pgid = child.pid!;
    try {
      const deadline = Date.now() + 180_000;
      await new Promise<void>((resolve, reject) => {
        const check = setInterval(() => {
          if (Date.now() > deadline) {
            clearInterval(check);
            reject(new Error(`npm start's process was not up after 180 s:\n${output}`));
          } else if (output.includes('Stop with Ctrl+C')) {
            clearInterval(check);
            resolve();
          } else if (child.exitCode !== null) {
            clearInterval(check);
            reject(new Error(`npm start's process ended before it was up:\n${output}`));
          }
        }, 250);
      });
      expect(output).toContain(`Flowdesk is running at http://127.0.0.1:${port}/`);

      process.kill(-pgid, 'SIGINT');
      // in order and said so, or, when a server went too early for the worker to let go of its tasks, past the stop's deadline
      const code = await exited;
      if (code === 0) expect(output).toContain('Flowdesk: stopped.');
      else expect([code, output]).toEqual([1, expect.stringContaining('Flowdesk: still stopping after 15 s')]);
      // PostgreSQL and the Temporal dev server are gone with it
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(groupAlive(pgid)).toBe(false);
    } finally {
      if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    }
  }, 240_000);
});
