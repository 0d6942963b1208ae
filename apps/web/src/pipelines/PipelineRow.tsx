import { useState } from 'react';
import type { PipelineSummary } from '@rivulet/shared-types';
import { navigate } from '../router';
import { formatAgo } from '../ui/liveFormat';
import { usePipelineList } from './listStore';
import { RunStatusChip } from './RunStatusChip';

/** One saved pipeline: click to open; rename in place, duplicate, delete. */
export function PipelineRow({
  pipeline: p,
  onDelete,
}: {
  pipeline: PipelineSummary;
  onDelete: () => void;
}) {
  const rename = usePipelineList((s) => s.rename);
  const duplicate = usePipelineList((s) => s.duplicate);
  const [editing, setEditing] = useState(false);
  const open = () => navigate({ name: 'editor', pipelineId: p.id });

  const commit = (value: string) => {
    setEditing(false);
    const name = value.trim();
    if (name && name !== p.name) void rename(p.id, name);
  };

  return (
    <tr data-testid={`pipeline-row-${p.id}`} className="pipeline-row">
      <td className="name-cell">
        {editing ? (
          <input
            autoFocus
            defaultValue={p.name}
            aria-label="Pipeline name"
            data-testid="rename-input"
            onBlur={(e) => commit(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit(e.currentTarget.value);
              if (e.key === 'Escape') setEditing(false);
            }}
          />
        ) : (
          <button className="link" onClick={open} data-testid="open-pipeline">
            {p.name || 'Untitled'}
          </button>
        )}
      </td>
      <td className="num">v{p.version}</td>
      <td className="num">{p.nodes}</td>
      <td>
        {p.lastRun ? (
          <RunStatusChip status={p.lastRun.status} />
        ) : (
          <span className="muted">never run</span>
        )}
      </td>
      <td className="muted" title={new Date(p.updatedAt).toLocaleString()}>
        {formatAgo(p.updatedAt)}
      </td>
      <td className="row-actions">
        <button className="btn small" onClick={open}>
          Open
        </button>
        <button
          className="btn small ghost"
          onClick={() => navigate({ name: 'runs', pipelineId: p.id, runId: null })}
          data-testid="pipeline-runs"
          title="Its runs: status, figures, errors and logs"
        >
          Runs
        </button>
        <button
          className="btn small ghost"
          onClick={() => setEditing(true)}
          data-testid="rename-pipeline"
        >
          Rename
        </button>
        <button
          className="btn small ghost"
          onClick={() => void duplicate(p.id)}
          data-testid="duplicate-pipeline"
        >
          Duplicate
        </button>
        <button className="btn small ghost danger" onClick={onDelete} data-testid="delete-pipeline">
          Delete
        </button>
      </td>
    </tr>
  );
}
