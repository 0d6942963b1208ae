import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../graph/schema';
import { SchemaForm } from './SchemaForm';

describe('SchemaForm', () => {
  it('renders the fields inside an object, a list of objects and a record (the dispatch comes through the form)', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        outer: {
          type: 'object',
          properties: { depth: { type: 'number' } },
          required: ['depth'],
        },
        rows: {
          type: 'array',
          items: { type: 'object', properties: { name: { type: 'string' } } },
        },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
      },
      required: ['outer'],
    };
    const html = renderToStaticMarkup(
      createElement(SchemaForm, {
        nodeId: 'n',
        schema,
        params: { outer: { depth: 3 }, rows: [{ name: 'a' }], labels: { k: 'v' } },
        problems: [],
        fieldNames: () => [],
        onChange: () => {},
      }),
    );
    for (const id of ['field-outer.depth', 'field-rows.0.name', 'field-labels.k']) {
      expect(html).toContain(id);
    }
  });
});
