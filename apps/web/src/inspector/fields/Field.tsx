import { fieldKind } from '../../graph/schema';
import { BooleanField } from './BooleanField';
import { DurationField } from './DurationField';
import { EnumField } from './EnumField';
import { ExpressionField } from './ExpressionField';
import type { FieldProps } from './FieldShell';
import { JsonField } from './JsonField';
import { NumberField } from './NumberField';
import { NumberOrTextField } from './NumberOrTextField';
import { ObjectField } from './ObjectField';
import { ObjectListField } from './ObjectListField';
import { RecordField } from './RecordField';
import { StringListField } from './StringListField';
import { TextField } from './TextField';

/** The one dispatch from a schema to its editor: by the schema's shape, never by operator. */
export function Field(props: FieldProps) {
  switch (fieldKind(props.schema)) {
    case 'expression':
      return <ExpressionField {...props} />;
    case 'duration':
      return <DurationField {...props} />;
    case 'enum':
      return <EnumField {...props} />;
    case 'boolean':
      return <BooleanField {...props} />;
    case 'number':
      return <NumberField {...props} />;
    case 'text':
      return <TextField {...props} />;
    case 'number-or-text':
      return <NumberOrTextField {...props} />;
    case 'string-list':
      return <StringListField {...props} />;
    case 'object':
      return <ObjectField {...props} />;
    case 'object-list':
      return <ObjectListField {...props} />;
    case 'record':
      return <RecordField {...props} />;
    case 'json':
      return <JsonField {...props} />;
  }
}
