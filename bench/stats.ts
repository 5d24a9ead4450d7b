/** Small helpers for timing, percentiles, memory sampling and table output. */

/** Milliseconds since an arbitrary origin, at nanosecond resolution. */
export const nowNs = (): bigint => process.hrtime.bigint();
export const msSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/** Nearest-rank percentile of `values` (need not be sorted), `p` in 0–100. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/** Full collection (needs --expose-gc); a no-op otherwise. */
export function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

export const hasGc = (): boolean => typeof (globalThis as { gc?: unknown }).gc === 'function';

export const MB = (bytes: number): number => Math.round((bytes / (1024 * 1024)) * 10) / 10;

/**
 * Memory a data structure holds: the JS heap plus memory outside it that V8
 * accounts for (`external`, which includes typed arrays' backing stores, so
 * an index built on Int32Array/Float32Array is not under-counted).
 */
export const heapAndExternal = (m: NodeJS.MemoryUsage = process.memoryUsage()): number => m.heapUsed + m.external;

/** Tracks the highest RSS and heap + external memory seen across samples. */
export class MemoryPeaks {
  rss = 0;
  heap = 0;
  sample(): void {
    const m = process.memoryUsage();
    if (m.rss > this.rss) this.rss = m.rss;
    const h = heapAndExternal(m);
    if (h > this.heap) this.heap = h;
  }
}

/** Rounds for display and JSON: 3 significant decimals below 10, fewer above. */
export function round(n: number): number {
  if (!Number.isFinite(n)) return n;
  if (Math.abs(n) >= 100) return Math.round(n);
  if (Math.abs(n) >= 10) return Math.round(n * 10) / 10;
  return Math.round(n * 1000) / 1000;
}

export function fmt(n: number | undefined, digits?: number): string {
  if (n === undefined || !Number.isFinite(n)) return '–';
  if (digits !== undefined) return n.toFixed(digits);
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  if (Math.abs(n) >= 1) return n.toFixed(2);
  return n.toFixed(3);
}

/** A plain-text table with right-aligned numeric columns. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 || i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
