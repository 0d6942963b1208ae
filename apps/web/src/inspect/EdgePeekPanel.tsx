import type { PeekResponse } from '@rivulet/shared-types';
import { useState } from 'react';
import { isLive, useLive } from '../store/live';
import { formatRate, oneLine } from './format';
import { RecordDialog } from './RecordDialog';
import { selectPeekedEdge, useInspect, type PeekTarget } from './inspectStore';
import { usePeek } from './usePeek';
import './inspect.css';

const clock = (ms: number) => {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : `${d.toISOString().slice(11, 23)}`;
};

/** The records passing on the peeked edge, newest first, live; pausing freezes the list. */
export function EdgePeekPanel() {
  const edge = useInspect(selectPeekedEdge);
  if (!edge) return null;
  return <PeekPanel key={edge.edgeId} edge={edge} />;
}

function PeekPanel({ edge }: { edge: PeekTarget }) {
  const runId = useLive((s) => s.runId);
  const live = useLive((s) => isLive(s.runStatus));
  const close = useInspect((s) => s.closePeek);
  const openRecord = useInspect((s) => s.openRecord);
  const { latest, error } = usePeek(runId, edge, live);
  const [frozen, setFrozen] = useState<PeekResponse | null>(null);
  const paused = frozen !== null;
  const shown = frozen ?? latest;
  const missed = paused && latest ? latest.total - frozen.total : 0;
  const togglePause = () => setFrozen(paused ? null : (latest ?? emptyAnswer(edge)));
  const seenOn = `edge ${edge.source}${edge.port === 'out' ? '' : `.${edge.port}`} → ${edge.target}`;

  return (
    <section
      className="peek-panel"
      data-testid="peek-panel"
      data-paused={paused}
      aria-label={`Records on ${seenOn}`}
    >
      <header className="peek-head">
        <div className="peek-title">
          <span className="muted small">Records on</span> <code>{edge.source}</code>
          {edge.port !== 'out' && <code className="muted">.{edge.port}</code>} →{' '}
          <code>{edge.target}</code>
        </div>
        <button
          className={`btn small${paused ? ' primary' : ''}`}
          data-testid="peek-pause"
          onClick={togglePause}
          disabled={!shown}
        >
          {paused ? '▶ Resume' : '❚❚ Pause'}
        </button>
        <button className="icon-btn" aria-label="Close the peek" onClick={close}>
          ×
        </button>
      </header>
      <div className="peek-status muted small" data-testid="peek-status">
        {statusLine(shown, paused, missed, live, error?.message ?? null, error?.ended ?? false)}
      </div>
      <div className="peek-body">
        {!shown || shown.records.length === 0 ? (
          <div className="chart-empty" data-testid="peek-empty">
            {!live && !shown
              ? 'Start a run to see the records passing on this edge.'
              : !shown
                ? 'Asking the engine…'
                : 'No record has passed since you opened this.'}
          </div>
        ) : (
          <ol className="peek-list" data-testid="peek-list">
            {shown.records.map((r) => (
              <li key={r.seq}>
                <button
                  className="peek-row"
                  data-testid="peek-row"
                  data-seq={r.seq}
                  title="Show the whole record"
                  onClick={() =>
                    openRecord({
                      nodeId: edge.source,
                      record: r.record,
                      eventTime: r.eventTime,
                      seenOn,
                      owner: 'peek',
                    })
                  }
                >
                  <span className="peek-seq">#{r.seq}</span>
                  <span className="peek-time">{clock(r.eventTime)}</span>
                  <code className="peek-json">{oneLine(r.record)}</code>
                </button>
              </li>
            ))}
          </ol>
        )}
      </div>
      <RecordDialog owner="peek" />
    </section>
  );
}

function statusLine(
  shown: PeekResponse | null,
  paused: boolean,
  missed: number,
  live: boolean,
  error: string | null,
  ended: boolean,
): string {
  if (ended || (!live && shown)) return 'The run has ended: these are the last records seen.';
  if (error) return `${error} Trying again…`;
  if (!shown) return live ? 'Sampling starts now.' : 'No run is active.';
  const count = `${shown.total.toLocaleString('en')} seen since ${clock(shown.since).slice(0, 8)} UTC`;
  if (paused)
    return `Paused · ${count}${missed > 0 ? ` · ${missed.toLocaleString('en')} newer waiting` : ''}`;
  return `${formatRate(shown.ratePerSecond)} · ${count} · last ${shown.records.length}, newest first`;
}

function emptyAnswer(edge: PeekTarget): PeekResponse {
  return {
    runId: '',
    nodeId: edge.source,
    port: edge.port,
    t: Date.now(),
    since: Date.now(),
    total: 0,
    ratePerSecond: 0,
    records: [],
  };
}
