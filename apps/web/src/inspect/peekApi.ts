import { PeekResponse } from '@rivulet/shared-types';

/** Why a peek got no records: the engine's message, and whether the run has ended. */
export class PeekFailure extends Error {
  constructor(
    message: string,
    readonly ended: boolean,
  ) {
    super(message);
  }
}

/** `GET /api/runs/:id/peek`: the last records on a node's output port (docs/api.md). */
export async function fetchPeek(runId: string, node: string, port: string): Promise<PeekResponse> {
  const query = new URLSearchParams({ node, port });
  let res: Response;
  try {
    res = await fetch(`/api/runs/${encodeURIComponent(runId)}/peek?${query.toString()}`);
  } catch {
    throw new PeekFailure('The engine cannot be reached.', false);
  }
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const message =
      body && typeof body === 'object' && 'message' in body && typeof body.message === 'string'
        ? body.message
        : `HTTP ${res.status}`;
    throw new PeekFailure(message, res.status === 409);
  }
  return PeekResponse.parse(body);
}
