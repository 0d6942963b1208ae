import { useEditor } from '../store/editor';
import { useLive } from '../store/live';
import { selectWarnings, useFieldFlow } from './fieldFlow';
import { ProblemList } from './ProblemList';
import { WarningList } from './WarningList';

/** With nothing selected: the pipeline's name, its size and every problem. */
export function PipelineSummary() {
  const name = useEditor((s) => s.name);
  const rename = useEditor((s) => s.rename);
  const nodes = useEditor((s) => s.nodes.length);
  const edges = useEditor((s) => s.edges.length);
  const problems = useEditor((s) => s.problems);
  const validation = useEditor((s) => s.validation);
  const warnings = useFieldFlow(selectWarnings);
  const runFailed = useLive((s) => s.runStatus === 'failed');
  return (
    <div className="inspector" data-testid="inspector-pipeline">
      <h4 className="inspector-section first">Pipeline</h4>
      <div className="field">
        <label className="field-label" htmlFor="pipeline-name">
          Name
        </label>
        <input
          id="pipeline-name"
          value={name}
          onChange={(e) => rename(e.target.value)}
          data-testid="inspector-pipeline-name"
        />
      </div>
      <div className="summary-stats">
        <div>
          <b>{nodes}</b> node{nodes === 1 ? '' : 's'}
        </div>
        <div>
          <b>{edges}</b> edge{edges === 1 ? '' : 's'}
        </div>
        <div className={problems.length > 0 ? 'bad' : 'ok'}>
          <b>{problems.length}</b> problem{problems.length === 1 ? '' : 's'}
        </div>
      </div>
      {validation.status === 'error' && <div className="field-problem">{validation.message}</div>}
      <h4 className="inspector-section">Problems</h4>
      {problems.length === 0 && !runFailed ? (
        <div className="inspector-note ok" data-testid="no-problems">
          {validation.status === 'done' ? '✓ No problems: the pipeline can run.' : 'Checking…'}
        </div>
      ) : (
        <ProblemList problems={problems} />
      )}
      {warnings.length > 0 && (
        <>
          <h4 className="inspector-section">
            Warnings <span className="section-note">(the pipeline still runs)</span>
          </h4>
          <WarningList warnings={warnings} />
        </>
      )}
      <div className="inspector-note">
        Select a node to edit its settings. Press ? for keyboard shortcuts.
      </div>
    </div>
  );
}
