/**
 * Every outbound HTTP request of a platform adapter goes through one `fetch`
 * made here: each gets a timeout, and on shutdown the ones still running get
 * a short while to finish (answers in flight) and are then aborted, so a
 * response_url or API that never answers cannot keep the process alive.
 */
export interface Outbound {
  /** A `fetch` with a per-request timeout, cancelled by {@link Outbound.close}. */
  readonly fetch: typeof fetch;
  /** Requests still running. */
  pending(): number;
  /**
   * Waits up to `graceMs` for running requests to finish, then aborts the rest;
   * from then on every new request fails at once.
   */
  close(graceMs: number): Promise<void>;
}

/** How long one outbound request may take unless told otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export function createOutbound(options: { timeoutMs?: number; fetch?: typeof fetch } = {}): Outbound {
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const base = options.fetch ?? globalThis.fetch;
  const closing = new AbortController();
  const running = new Set<Promise<unknown>>();

  const timedFetch = ((input: Parameters<typeof fetch>[0], init: RequestInit = {}) => {
    const signals = [closing.signal, AbortSignal.timeout(timeoutMs)];
    if (init.signal) signals.push(init.signal);
    const request = base(input, { ...init, signal: AbortSignal.any(signals) });
    running.add(request);
    const done = () => running.delete(request);
    request.then(done, done);
    return request;
  }) as typeof fetch;

  return {
    fetch: timedFetch,
    pending: () => running.size,
    async close(graceMs: number) {
      if (running.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...running]),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, graceMs);
          }),
        ]);
        clearTimeout(timer);
      }
      closing.abort(new Error('hallway: shutting down'));
    },
  };
}
