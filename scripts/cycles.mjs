// Import cycles in each workspace's sources (type-only imports count too): prints each cycle
// and exits 1 when there is one. `npm test` runs it; `node scripts/cycles.mjs` alone too.
import { fileURLToPath } from 'node:url';
import madge from 'madge';

const root = fileURLToPath(new URL('..', import.meta.url));
const workspaces = ['packages/shared-types', 'packages/operators', 'apps/engine', 'apps/web'];

let cycles = 0;
for (const dir of workspaces) {
  const graph = await madge(`${root}${dir}/src`, {
    fileExtensions: ['ts', 'tsx'],
    tsConfig: `${root}${dir}/tsconfig.json`,
    // Imports of the other workspaces resolve to their built declarations: each is checked alone.
    excludeRegExp: [/(^|\/)(dist|node_modules)\//],
  });
  const found = graph.circular();
  const files = Object.keys(graph.obj()).length;
  // A relative import madge cannot resolve is an edge it cannot see: count it as a failure.
  const unresolved = graph.warnings().skipped.filter((f) => f.startsWith('.'));
  console.log(`${dir}: ${files} files, ${found.length} import cycles`);
  for (const cycle of found) console.log(`  ${[...cycle, cycle[0]].join(' → ')}`);
  for (const file of unresolved) console.log(`  cannot resolve ${file}`);
  cycles += found.length + unresolved.length;
}
process.exitCode = cycles > 0 ? 1 : 0;
