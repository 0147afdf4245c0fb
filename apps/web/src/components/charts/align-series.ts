/**
 * Several series on one time axis, as uPlot draws them: the union of their times, and for each
 * series its value at each of those times or null (drawn across with `spanGaps`).
 */
export function alignSeries(
  tables: ReadonlyArray<{ ts: readonly number[]; value: readonly number[] }>,
): [number[], ...Array<Array<number | null>>] {
  const times = [...new Set(tables.flatMap((t) => t.ts))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const columns = tables.map((t) => {
    const column: Array<number | null> = new Array<number | null>(times.length).fill(null);
    t.ts.forEach((ts, i) => {
      const at = index.get(ts);
      const v = t.value[i];
      if (at !== undefined && v !== undefined && Number.isFinite(v)) column[at] = v;
    });
    return column;
  });
  return [times, ...columns];
}
