import { useEditor } from '../store/editor';
import { isLive, useLive } from '../store/live';
import { useStudio } from './studioStore';
import { useRunVersion } from './useRunVersion';

/**
 * Which version the live run runs against the one being edited: "Running v2 · editing v3",
 * with "Restart with changes"; or "Running this version". Nothing when no run is live.
 */
export function RunVersion() {
  const status = useLive((s) => s.runStatus);
  const busy = useLive((s) => s.busy);
  const version = useLive((s) => s.version);
  const dirty = useEditor((s) => s.dirty);
  const blocked = useEditor((s) => s.problems.length > 0);
  const restarting = useStudio((s) => s.restarting);
  const restart = useStudio((s) => s.restartWithChanges);
  const restartNote = useStudio((s) => s.restartNote);
  // A refused restore says the same, with the way out: the note gives way to it.
  const refused = useLive((s) => s.restoreRefusal !== null);
  const runVersion = useRunVersion();
  const note = restartNote && !refused && (
    <span className="run-version-note" data-testid="restart-note" title={restartNote}>
      {restartNote}
    </span>
  );
  // Not running (a restart that did not start again): what the restart did, if anything.
  if (!isLive(status) || runVersion === null || version === null)
    return note ? <span className="run-version">{note}</span> : null;
  const same = runVersion === version && !dirty;
  const editing = `editing v${version}${dirty ? ' + unsaved changes' : ''}`;
  return (
    <span className={`run-version${same ? '' : ' drift'}`} data-testid="run-version">
      <span
        data-testid="run-version-text"
        title={
          same
            ? `The run runs v${runVersion}, the version in the editor`
            : `The run still runs v${runVersion}; the editor shows ${editing.replace('editing ', '')}. Edits reach the run only when it restarts.`
        }
      >
        {same ? 'Running this version' : `Running v${runVersion} · ${editing}`}
      </span>
      {same && note}
      {!same && (
        <button
          className="btn small"
          data-testid="restart-with-changes"
          disabled={blocked || busy !== null || restarting}
          onClick={() => void restart()}
          title={
            blocked
              ? 'Fix the problems first'
              : 'Save, stop with a savepoint, and start the new version from its state'
          }
        >
          {restarting ? 'Restarting…' : 'Restart with changes'}
        </button>
      )}
    </span>
  );
}
