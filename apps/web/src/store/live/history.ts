import type { RunHistory } from '@rivulet/shared-types';
import { ingestSamples, ingestTelemetry, type RunBuffers, type TelemetrySummary } from './buffers';

/**
 * Feeds a run's kept history into fresh buffers, oldest first, exactly as the live messages
 * would have: charts get the kept points, tables and widgets the sinks' last records. Returns
 * the figures of the newest telemetry point (null when none was kept).
 */
export function replayHistory(buffers: RunBuffers, history: RunHistory): TelemetrySummary | null {
  let summary: TelemetrySummary | null = null;
  for (const message of history.telemetry) summary = ingestTelemetry(buffers, message);
  for (const message of history.samples) ingestSamples(buffers, message);
  return summary;
}
