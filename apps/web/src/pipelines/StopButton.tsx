import { useLive } from '../store/live';

/** Stops the live run (the studio's run controls and the dashboard's header both show it). */
export function StopButton() {
  const busy = useLive((s) => s.busy);
  const stopRun = useLive((s) => s.stopRun);
  return (
    <button
      className="btn danger"
      data-testid="stop"
      disabled={busy !== null}
      onClick={() => void stopRun()}
    >
      <span className="stop-icon" aria-hidden />
      {busy === 'stopping' ? 'Stopping…' : 'Stop'}
    </button>
  );
}
