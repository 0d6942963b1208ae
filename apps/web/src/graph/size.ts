/** The size a node card is assumed to have before it is measured on the canvas. */
export const DEFAULT_NODE_SIZE = { width: 220, height: 96 };
