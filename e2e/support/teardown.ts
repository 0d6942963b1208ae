import { rmSync } from 'node:fs';

/** Removes the engine's temporary data folder (the engine itself is stopped by Playwright). */
export default function teardown(): void {
  const dir = process.env.RIVULET_E2E_DATA_DIR;
  if (dir?.includes('rivulet-e2e-')) rmSync(dir, { recursive: true, force: true });
}
