/**
 * Below this zoom a card shows only its name and live rate, in type large enough to read
 * (Node-RED and NiFi likewise drop the detail of a node when zoomed far out). 0.8 rather than
 * 0.6: a full card's 13 px title is drawn under 10 px below 0.77.
 */
export const COMPACT_BELOW = 0.8;

/** The zoom rounded to a twentieth, so that cards re-render on a visible change only. */
export const zoomStep = (zoom: number): number => Math.round(zoom * 20) / 20;

/**
 * The compact name's font size in canvas px: 10.5 px on screen at any zoom from 0.26 to
 * COMPACT_BELOW (a 28-node pipeline fitted in a 1280 px window is at about 0.3), at most 40 px
 * (a 220 px card then holds about ten letters a line).
 */
export function compactFontPx(zoom: number): number {
  const z = Math.max(zoom, 0.05);
  return Math.min(40, Math.max(14, Math.ceil(10.5 / z)));
}

/** A camelCase or snake_case name cut into its words, so that a long one wraps between them. */
export function nameWords(name: string): string[] {
  return name.split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[_.-])/);
}
