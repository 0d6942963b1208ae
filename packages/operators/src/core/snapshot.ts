/** Helpers of the operators' checkpoint forms, which JSON text must round-trip. */

/** A watermark as JSON keeps it: ±Infinity as strings. */
export type WatermarkJSON = number | '-Infinity' | 'Infinity';

export function watermarkToJSON(wm: number): WatermarkJSON {
  return wm === -Infinity ? '-Infinity' : wm === Infinity ? 'Infinity' : wm;
}

/** The watermark a snapshot holds; not a number (NaN included) when the field is bad. */
export function watermarkFromJSON(wm: unknown): unknown {
  return wm === '-Infinity' ? -Infinity : wm === 'Infinity' ? Infinity : wm;
}
