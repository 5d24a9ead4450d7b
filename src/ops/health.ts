/**
 * What /healthz and /readyz answer. Alive means the event loop turns; ready
 * means the knowledge is loaded and every enabled platform is connected. The
 * parts report themselves; nothing is polled.
 */
export type Part = 'knowledge' | 'slack' | 'discord';

export interface ReadinessReport {
  readonly ready: boolean;
  readonly parts: Readonly<Record<string, boolean>>;
}

export class Readiness {
  private readonly parts = new Map<string, boolean>();
  private draining = false;

  /** Declares a part that must be up before the process is ready (starts down). */
  expect(part: Part): void {
    if (!this.parts.has(part)) this.parts.set(part, false);
  }

  set(part: Part, up: boolean): void {
    this.parts.set(part, up);
  }

  /** From SIGTERM on, not ready: load balancers stop sending new work. */
  drain(): void {
    this.draining = true;
  }

  report(): ReadinessReport {
    const parts = Object.fromEntries(this.parts);
    const ready = !this.draining && this.parts.size > 0 && [...this.parts.values()].every(Boolean);
    return { ready, parts: this.draining ? { ...parts, shuttingDown: true } : parts };
  }
}

/** What a platform adapter reports about its connection (readiness and metrics listen). */
export interface PlatformStatus {
  /** Connected (true) or not (false). */
  connected(up: boolean): void;
  /** Re-establishing a dropped connection. */
  reconnecting(): void;
}
