import { build, type Rolldown } from 'vite';
import { describe, expect, it } from 'vitest';

/**
 * The browser gets the operators' descriptions, not their runtimes: the app is built as it
 * ships (its own vite.config.ts, nothing written) and searched for text that only runtime
 * modules hold. Each marker is first found in a bundle of the operators' full entry, so that a
 * marker reworded in its runtime module fails here instead of passing for nothing.
 */
const RUNTIME_ONLY = [
  'this engine has no Kafka client', // the Kafka source and sink
  'MQTT is not available here', // the MQTT source and sink
  'not a source.file position', // the file source's checkpoint
  'not a source.generator position', // the generator's checkpoint
  'window: bad window in snapshot', // the window operator's state
];
/** Text of a description, which the canvas does need. */
const DESCRIBED = 'Keeps the records for which an expression is true.';

const webRoot = new URL('..', import.meta.url).pathname;
const FULL_ENTRY = 'virtual:all-operators';

function isOutput(out: unknown): out is Rolldown.RolldownOutput {
  return typeof out === 'object' && out !== null && 'output' in out;
}

/** The JavaScript of a build that writes nothing. */
async function bundled(config: Parameters<typeof build>[0]): Promise<string> {
  const result = await build({
    ...config,
    logLevel: 'silent',
    build: { ...config?.build, write: false, minify: false },
  });
  const outputs: unknown[] = Array.isArray(result) ? result : [result];
  return outputs
    .filter(isOutput)
    .flatMap((out) => out.output)
    .map((file) => (file.type === 'chunk' ? file.code : ''))
    .join('\n');
}

describe('the web bundle', () => {
  it('holds the operators’ descriptions and none of their runtimes', async () => {
    const full = await bundled({
      root: webRoot,
      configFile: false,
      // An entry that imports the package as the app does, so that it resolves the same way.
      plugins: [
        {
          name: 'full-entry',
          resolveId: (id) => (id === FULL_ENTRY ? `\0${FULL_ENTRY}` : null),
          load: (id) => (id === `\0${FULL_ENTRY}` ? "export * from '@rivulet/operators';" : null),
        },
      ],
      build: {
        rollupOptions: {
          input: FULL_ENTRY,
          preserveEntrySignatures: 'strict',
          external: ['zod', 'jsep', 'pure-rand', /^@rivulet\/shared-types/],
        },
      },
    });
    // Booleans: a failure names the marker instead of printing a whole bundle.
    for (const marker of RUNTIME_ONLY) expect(full.includes(marker), marker).toBe(true);

    const web = await bundled({ root: webRoot, configFile: `${webRoot}vite.config.ts` });
    expect(web.includes(DESCRIBED), DESCRIBED).toBe(true);
    for (const marker of RUNTIME_ONLY) expect(web.includes(marker), marker).toBe(false);
  });
});
