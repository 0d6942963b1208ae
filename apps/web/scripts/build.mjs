// Placeholder until the canvas lands: a page saying what is coming.
import { mkdirSync, writeFileSync } from 'node:fs';

mkdirSync(new URL('../dist/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../dist/index.html', import.meta.url),
  '<!doctype html><title>Rivulet</title><h1>Rivulet</h1><p>The canvas is on its way. Meanwhile: <code>npx rivulet run examples/large-transactions.json</code></p>\n',
);
