/**
 * A small bounded, time-limited set of keys seen recently: event ids (Slack
 * retries an event it thinks was not received, with the same `event_id`) and
 * message keys (a mention in a DM may arrive both as `app_mention` and as
 * `message`). One instance lives in each app, never in module scope.
 */
export class RecentKeys {
  private readonly seen = new Map<string, number>();

  /**
   * @param maxSize how many keys are kept at most (oldest forgotten first)
   * @param ttlMs how long a key is remembered (Slack retries within about 5 minutes)
   * @param now the clock, replaceable in tests
   */
  constructor(
    private readonly maxSize = 2000,
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time `key` is seen within the time limit; records it. */
  firstTime(key: string): boolean {
    const t = this.now();
    this.evict(t);
    const at = this.seen.get(key);
    if (at !== undefined && t - at < this.ttlMs) return false;
    this.seen.delete(key);
    this.seen.set(key, t);
    while (this.seen.size > this.maxSize) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private evict(t: number): void {
    for (const [key, at] of this.seen) {
      if (t - at < this.ttlMs) break;
      this.seen.delete(key);
    }
  }
}
