import type { RefObject } from 'react';
import { exportFileName } from '../pipelines/importDocument';
import { shellWord, sqlFileName } from './flinkExport';

/** The exported script, read-only, with one line on how to run it. */
export function FlinkScript({
  script,
  pipelineName,
  preRef,
}: {
  script: string;
  pipelineName: string;
  preRef: RefObject<HTMLPreElement | null>;
}) {
  return (
    <>
      <p className="flink-run-hint muted small" data-testid="flink-run-hint">
        Run it with Flink’s SQL client,{' '}
        <code>sql-client.sh -f {shellWord(sqlFileName(pipelineName))}</code> (with the filesystem,
        JSON and Kafka connector jars), or try the pipeline on an embedded Flink:{' '}
        <code>rivulet flink run {shellWord(exportFileName(pipelineName))}</code> (the file Export
        saves).
      </p>
      <pre
        ref={preRef}
        className="flink-script"
        data-testid="flink-sql-script"
        aria-label="Flink SQL script"
        // Focusable, so that the keyboard can scroll it and select all of it.
        tabIndex={0}
      >
        {script}
      </pre>
    </>
  );
}
