import { problemLine } from './flinkExport';
import { selectFlinkMark, useFlinkExport } from './flinkStore';
import './flinkExport.css';

/**
 * A node card's tag after "Export → Flink SQL": a quiet "Flink ✓", or "✕ Flink" with the
 * reasons as its title. Nothing before an export is asked, nor once the graph changed.
 */
export function FlinkMark({ nodeId }: { nodeId: string }) {
  const reasons = useFlinkExport(selectFlinkMark(nodeId));
  if (reasons === undefined) return null;
  if (reasons.length === 0)
    return (
      <span
        className="flink-mark ok"
        data-testid={`flink-mark-${nodeId}`}
        data-exportable="true"
        title="Exports to Flink SQL"
      >
        Flink ✓
      </span>
    );
  return (
    <span
      className="flink-mark no"
      data-testid={`flink-mark-${nodeId}`}
      data-exportable="false"
      title={['Not exportable to Flink SQL:', ...reasons.map((p) => `• ${problemLine(p)}`)].join(
        '\n',
      )}
    >
      ✕ Flink
    </span>
  );
}
