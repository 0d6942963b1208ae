/** A run's failure as the engine reports it (RunSummary['error']). */
export interface RunFailure {
  nodeId?: string | undefined;
  message: string;
}

// An absolute path: POSIX (`/srv/x/in.csv`) or Windows (`C:\x\in.csv`), up to a quote, a space
// or a closing bracket. The engine redacts its data folder already; any other path is cut to
// its last name, which is what the user typed in the form anyway.
const ABSOLUTE = /(^|[\s"'`(=:])((?:\/|[A-Za-z]:\\)[^\s"'`()]*)/g;

/** The message without absolute paths (each becomes its file name) nor the data folder's marker. */
export function withoutPaths(message: string): string {
  return message
    .replace(/<data>[/\\]/g, '')
    .replace(ABSOLUTE, (_all, before: string, path: string) => {
      const name = path.split(/[/\\]/).filter(Boolean).at(-1) ?? path;
      return `${before}${name}`;
    });
}

/**
 * What went wrong, in plain words and without the node's name when it is said apart: the
 * engine's messages start `node "x": ` and the node is shown by its mark.
 */
export function failureReason(failure: RunFailure): string {
  const text = withoutPaths(failure.message.trim());
  const prefix = failure.nodeId === undefined ? null : `node "${failure.nodeId}": `;
  return prefix && text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

/** One sentence: `the run failed at node "x": cannot read "in.csv": …`. */
export function failureSentence(failure: RunFailure): string {
  const reason = failureReason(failure);
  return failure.nodeId === undefined
    ? `the run failed: ${reason}`
    : `the run failed at node "${failure.nodeId}": ${reason}`;
}
