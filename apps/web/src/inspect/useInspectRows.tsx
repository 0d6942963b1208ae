import { useId, type HTMLAttributes } from 'react';
import { sampleEventTime } from './format';
import { useInspect } from './inspectStore';
import { RecordDialog } from './RecordDialog';

/**
 * Makes a table of a sink's records open each row whole: `row(record)` gives a row's props
 * (click or Enter opens it), `dialog` shows the one opened from this table.
 */
export function useInspectRows(nodeId: string) {
  const owner = useId();
  const openRecord = useInspect((s) => s.openRecord);
  const open = (record: Record<string, unknown>) =>
    openRecord({
      nodeId,
      record,
      eventTime: sampleEventTime(record),
      seenOn: `records reaching sink ${nodeId}`,
      owner,
    });
  const row = (record: Record<string, unknown>): HTMLAttributes<HTMLTableRowElement> => ({
    className: 'inspectable',
    tabIndex: 0,
    title: 'Show the whole record',
    onClick: () => open(record),
    onKeyDown: (e) => {
      if (e.key === 'Enter') open(record);
    },
  });
  return { row, dialog: <RecordDialog owner={owner} /> };
}
