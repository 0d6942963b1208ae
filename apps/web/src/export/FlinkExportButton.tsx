import { useEffect } from 'react';
import { useEditor } from '../store/editor';
import { FlinkExportDialog } from './FlinkExportDialog';
import { useFlinkExport } from './flinkStore';

/** The studio header's "Export → Flink SQL", its dialog, and the marks' life on the canvas. */
export function FlinkExportButton({ disabled }: { disabled: boolean }) {
  const open = useFlinkExport((s) => s.open);
  const loading = useFlinkExport((s) => s.request.status === 'loading');

  useEffect(() => {
    const stop = useEditor.subscribe((s, prev) => {
      if (s.nodes !== prev.nodes || s.edges !== prev.edges)
        useFlinkExport.getState().followEditor(s);
    });
    return () => {
      stop();
      useFlinkExport.getState().forget();
    };
  }, []);

  const start = () => {
    const editor = useEditor.getState();
    void useFlinkExport
      .getState()
      .exportDocument(editor.toDocument(), { nodes: editor.nodes, edges: editor.edges });
  };

  return (
    <>
      <button
        className="btn ghost"
        data-testid="export-flink"
        disabled={disabled || loading}
        onClick={start}
        title="Translate this pipeline to an Apache Flink SQL script, or see what keeps it from Flink"
      >
        Export → Flink SQL
      </button>
      {open && <FlinkExportDialog onRetry={start} />}
    </>
  );
}
