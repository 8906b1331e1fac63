// Column values for the admin PATCH routes, which change only what the request names.

/** A value for a jsonb column: `undefined` (not named) and `null` (cleared) stay as they are; the rest is JSON. */
export function jsonColumn<T>(value: T): T extends undefined | null ? T : string {
  return (value === undefined || value === null ? value : JSON.stringify(value)) as T extends undefined | null
    ? T
    : string;
}

/** The columns a PATCH names: those whose value is not `undefined` (`null` clears a column). */
export function namedColumns<T extends Record<string, unknown>>(
  columns: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
