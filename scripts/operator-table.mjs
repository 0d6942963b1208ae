// Prints the README's operator table from the built registry; `--write` puts it in the README.
// A test in apps/engine checks that the README holds exactly this table.
import { readFileSync, writeFileSync } from 'node:fs';
import { operatorTable, withOperatorTable } from '../apps/engine/dist/docs.js';

const readme = new URL('../README.md', import.meta.url);
if (process.argv.includes('--write'))
  writeFileSync(readme, withOperatorTable(readFileSync(readme, 'utf8')));
else console.log(operatorTable());
