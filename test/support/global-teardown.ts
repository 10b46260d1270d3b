import { rmSync } from 'node:fs';
import type { Infrastructure } from '../../scripts/lib/infrastructure';

export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as { __flowdeskInfra?: Infrastructure }).__flowdeskInfra;
  await infra?.stop();
  const dataDir = process.env.FLOWDESK_TEST_DATA_DIR;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
