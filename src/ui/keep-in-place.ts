/**
 * Refreshing a list without pulling items out from under the user: items the user just acted on in this view
 * (rated: the engine now excludes them) stay at their old position, so focus and reading place survive a
 * recomputation. Everything else comes from the fresh list, in its order, without duplicates.
 */
export function keepInPlace<T extends { id: number }>(
  old: readonly T[],
  fresh: readonly T[],
  keep: ReadonlySet<number>,
): T[] {
  const kept = new Map<number, T>();
  old.forEach((item, position) => {
    if (keep.has(item.id)) kept.set(position, item);
  });
  const keptIds = new Set([...kept.values()].map((item) => item.id));
  const rest = fresh.filter((item) => !keptIds.has(item.id));
  const out: T[] = [];
  let r = 0;
  const total = rest.length + kept.size;
  for (let position = 0; position < total; position++) {
    const item = kept.get(position) ?? rest[r++];
    if (item !== undefined) out.push(item);
  }
  // Kept items whose old position lies past the end of a shorter fresh list.
  for (const [position, item] of kept) if (position >= total) out.push(item);
  return out;
}
