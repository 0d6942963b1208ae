import { create } from 'zustand';

/** A record opened whole: what it is and where it came from. */
export interface OpenRecord {
  /** The node that emitted it (a sink's samples: the sink it reached). */
  nodeId: string;
  record: unknown;
  /** Its event time in ms, when known. */
  eventTime: number | null;
  /** Where it was seen, in words ("output of sink perCountry", "edge gen → pay"). */
  seenOn: string;
  /** The component that opened it and shows the dialog (a table can be on screen twice). */
  owner: string;
}

/** The edge being peeked at: its source node's output port. */
export interface PeekTarget {
  edgeId: string;
  source: string;
  port: string;
  target: string;
}

interface InspectState {
  record: OpenRecord | null;
  edge: PeekTarget | null;
}

interface InspectActions {
  openRecord: (record: OpenRecord) => void;
  closeRecord: () => void;
  peekEdge: (edge: PeekTarget) => void;
  closePeek: () => void;
}

/** What the user opened to inspect: one record dialog and one edge peek at a time. */
export const useInspect = create<InspectState & InspectActions>()((set) => ({
  record: null,
  edge: null,
  openRecord: (record) => set({ record }),
  closeRecord: () => set({ record: null }),
  peekEdge: (edge) => set({ edge }),
  closePeek: () => set({ edge: null }),
}));

export const selectOpenRecord = (s: InspectState) => s.record;
export const selectPeekedEdge = (s: InspectState) => s.edge;
export const selectIsPeeked = (edgeId: string) => (s: InspectState) => s.edge?.edgeId === edgeId;
