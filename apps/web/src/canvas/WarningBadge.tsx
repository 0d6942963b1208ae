import { selectNodeWarnings, useFieldFlow } from '../inspector/fieldFlow';
import { ProblemBadge } from './ProblemBadge';

/**
 * The amber count of a node's warnings (a param reading a field no input carries): the pipeline
 * still runs, so it is shown only when the node has no problem, which would be read first.
 */
export function WarningBadge({ nodeId }: { nodeId: string }) {
  const warnings = useFieldFlow(selectNodeWarnings(nodeId));
  if (warnings.length === 0) return null;
  return <ProblemBadge problems={warnings} tone="warning" />;
}
