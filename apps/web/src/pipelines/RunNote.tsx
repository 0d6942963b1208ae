import { useLive } from '../store/live';
import { runNote } from './runOrigin';

/** One line beside the status: "resumed from checkpoint 7 at 14:02", "savepoint … taken". */
export function RunNote() {
  const origin = useLive((s) => s.origin);
  const note = runNote(origin);
  if (!note) return null;
  return (
    <span className="run-note" data-testid="run-note" title={note.detail}>
      {note.text}
    </span>
  );
}
