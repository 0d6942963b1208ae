// Writes the JSON Schema of the pipeline document, generated from the zod schema, for editors.
import { mkdirSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { PipelineDocument } from '../dist/index.js';

const schema = z.toJSONSchema(PipelineDocument, { io: 'input', unrepresentable: 'any' });
schema.title = 'Rivulet pipeline, version 1';
mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../schema/pipeline.schema.json', import.meta.url),
  JSON.stringify(schema, null, 2) + '\n',
);
