import { formatProblem } from '@rivulet/shared-types';
import { useEffect, useState } from 'react';
import { engineSocket } from '../api/socket';
import { navigate } from '../router';
import { useEditor } from '../store/editor';
import { isLive, useLive } from '../store/live';
import { failureReason } from './failureText';
import { RestoreRefusal } from './RestoreRefusal';
import { RunNote } from './RunNote';
import { RunRefusal } from './RunRefusal';
import { RunStatusChip } from './RunStatusChip';
import { RunVersion } from './RunVersion';
import { SavepointsDialog } from './SavepointsDialog';
import { StopButton } from './StopButton';
import { useStudio } from './studioStore';

/**
 * Run status and where its state came from; Run or start from a savepoint; Stop, with a
 * savepoint or without; why Run is disabled or was refused; the dashboard link.
 */
export function RunControls() {
  const problems = useEditor((s) => s.problems);
  const pipelineId = useLive((s) => s.pipelineId);
  const status = useLive((s) => s.runStatus);
  const runError = useLive((s) => s.runError);
  const busy = useLive((s) => s.busy);
  const stopWithSavepoint = useLive((s) => s.stopWithSavepoint);
  const run = useStudio((s) => s.run);
  const [savepoints, setSavepoints] = useState(false);
  // Connected before the first Run: a first connection made while a run is already followed
  // re-reads its summary, which can answer "running" after the run's failure was heard.
  useEffect(() => void engineSocket(), []);

  const running = isLive(status);
  const blocked = problems.length > 0;
  const reason = blocked
    ? `${problems.length} problem${problems.length === 1 ? '' : 's'}: fix ${problems.length === 1 ? 'it' : 'them'} to run`
    : null;
  // The engine's message names its node already ("node "x": …"): said once, paths cut.
  const failure = runError
    ? `${runError.nodeId ? `at "${runError.nodeId}": ` : ''}${failureReason(runError)}`
    : undefined;

  return (
    <div className="run-controls">
      {status !== 'idle' && (
        <RunStatusChip
          status={status}
          detail={status === 'failed' ? failure : undefined}
          testId="run-status"
        />
      )}
      <RunVersion />
      {/* A reason to fix the pipeline matters more; the Checkpoints tab keeps the story. */}
      {reason && !running ? null : <RunNote />}
      {reason && !running && (
        <span
          className="run-disabled-reason"
          data-testid="run-disabled-reason"
          title={problems.map(formatProblem).join('\n')}
        >
          {reason}
        </span>
      )}
      {running ? (
        <>
          <button
            className="btn"
            data-testid="stop-with-savepoint"
            disabled={busy !== null}
            onClick={() => void stopWithSavepoint()}
            title="Take a savepoint of the run's state, then stop: a later run can start from it"
          >
            {busy === 'savepointing' ? 'Taking savepoint…' : 'Stop with savepoint'}
          </button>
          <StopButton />
        </>
      ) : (
        <>
          <button
            className="btn"
            data-testid="start-from-savepoint"
            disabled={!pipelineId || busy !== null}
            onClick={() => setSavepoints(true)}
            title="Start a run from a savepoint's state"
          >
            From savepoint…
          </button>
          <button
            className="btn primary"
            data-testid="run"
            disabled={!pipelineId || blocked || busy !== null}
            title={
              reason
                ? `${reason}\n${problems.map(formatProblem).join('\n')}`
                : 'Save if needed, then run'
            }
            onClick={() => void run()}
          >
            <span className="play-icon" aria-hidden />
            {busy === 'starting' ? 'Starting…' : 'Run'}
          </button>
        </>
      )}
      <a
        className="btn ghost"
        data-testid="open-dashboard"
        href={pipelineId ? `/p/${pipelineId}/dashboard` : undefined}
        onClick={(e) => {
          if (!pipelineId || e.ctrlKey || e.metaKey || e.shiftKey) return;
          e.preventDefault();
          navigate({ name: 'dashboard', pipelineId });
        }}
        title="The full-screen dashboard of this pipeline's dashboard sinks"
      >
        Dashboard ↗
      </a>
      <RunRefusal />
      <RestoreRefusal />
      {savepoints && pipelineId && (
        <SavepointsDialog pipelineId={pipelineId} onClose={() => setSavepoints(false)} />
      )}
    </div>
  );
}
