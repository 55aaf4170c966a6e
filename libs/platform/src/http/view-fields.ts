/** A record as JSON carries it: dates become ISO strings, everything else is as stored. */
export type AsJson<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/**
 * The response view of a record, from one list of the fields it shows: the view type is derived
 * from the entity with `ViewOf<Entity, typeof FIELDS>`, and the mapper with `pickView(row, FIELDS)`,
 * so a field is named once beside the entity rather than in an interface and a mapper. Add what
 * is computed (a share, a flag) beside it.
 */
export type ViewOf<T, K extends readonly (keyof T)[]> = AsJson<Pick<T, K[number]>>;

export function pickView<T extends object, const K extends readonly (keyof T)[]>(row: T, fields: K): ViewOf<T, K> {
  const view: Record<string, unknown> = {};
  for (const field of fields) {
    const value = row[field];
    view[field as string] = value instanceof Date ? value.toISOString() : value;
  }
  return view as ViewOf<T, K>;
}
