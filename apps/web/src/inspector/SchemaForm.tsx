import type { Problem } from '@rivulet/shared-types';
import { useMemo } from 'react';
import type { JsonSchema } from '../graph/schema';
import { FormContext, type FormContextValue } from './formContext';
import { Field } from './fields/Field';
import { ObjectFields } from './fields/ObjectField';

/**
 * A node's params as a form, generated from its operator's JSON Schema by one generic renderer
 * (fields/Field.tsx picks an editor by the schema's shape, never by operator).
 */
export function SchemaForm({
  nodeId,
  schema,
  params,
  problems,
  warnings = [],
  fieldNames,
  onChange,
}: {
  nodeId: string;
  schema: JsonSchema;
  params: Record<string, unknown>;
  problems: readonly Problem[];
  warnings?: readonly Problem[];
  fieldNames: () => string[];
  onChange: (path: (string | number)[], value: unknown) => void;
}) {
  const ctx = useMemo<FormContextValue>(
    () => ({ nodeId, problems, warnings, fieldNames, set: onChange, Field }),
    [nodeId, problems, warnings, fieldNames, onChange],
  );
  if (Object.keys(schema.properties ?? {}).length === 0) {
    return <div className="inspector-note">This operator has no settings.</div>;
  }
  return (
    <FormContext.Provider value={ctx}>
      <form className="schema-form" onSubmit={(e) => e.preventDefault()} data-testid="schema-form">
        <ObjectFields schema={schema} path={[]} value={params} />
      </form>
    </FormContext.Provider>
  );
}
