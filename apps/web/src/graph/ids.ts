import { Id } from '@rivulet/shared-types';

/** A node id is what the API accepts as an id (its `Id` schema): letters, digits, - and _. */
const isId = (id: string): boolean => Id.safeParse(id).success;

/** The id a new node of `type` gets: "filter", then "filter2"… ("source.file" → "sourceFile"). */
export function freshId(type: string, taken: ReadonlySet<string>): string {
  const camel = type.replace(/[.\s]+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase());
  const base = camel.replace(/[^A-Za-z0-9_-]/g, '') || 'node';
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const id = `${base}${i}`;
    if (!taken.has(id)) return id;
  }
}

/** A fresh edge id: "e1", "e2"… */
export function freshEdgeId(taken: ReadonlySet<string>): string {
  for (let i = 1; ; i++) {
    const id = `e${i}`;
    if (!taken.has(id)) return id;
  }
}

/** Why a node id cannot be used, or null when it can. */
export function nodeIdProblem(
  id: string,
  current: string,
  taken: ReadonlySet<string>,
): string | null {
  if (id.length === 0) return 'An id cannot be empty.';
  if (!isId(id)) return 'Use letters, digits, - or _ (at most 64).';
  if (id !== current && taken.has(id)) return `"${id}" is already used by another node.`;
  return null;
}
