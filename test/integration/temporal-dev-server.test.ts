import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/lib/free-port';
import { startTemporalDevServer } from '../../scripts/lib/temporal-dev-server';
import { loadConfig } from '../../service-catalog/config';

/**
 * The embedded default's Temporal keeps its SQLite file in write-ahead-log mode: in the default
 * rollback-journal mode a write locks out every reader, and two workers' workflow tasks waited seconds
 * behind it with the cores idle (scripts/lib/temporal-dev-server.ts). SQLite creates the `-wal` file
 * beside the database only in WAL mode.
 */
describe('the Temporal dev server of the embedded default', () => {
  it('keeps its SQLite file in write-ahead-log mode', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'flowdesk-devserver-'));
    const temporal = await startTemporalDevServer({
      binary: loadConfig().temporalCli,
      dataDir,
      persistent: true,
      port: await freePort(),
      uiPort: await freePort(),
    });
    try {
      expect(existsSync(join(dataDir, 'temporal.db'))).toBe(true);
      expect(existsSync(join(dataDir, 'temporal.db-wal'))).toBe(true);
    } finally {
      await temporal.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
