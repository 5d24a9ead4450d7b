/**
 * The process's policy for errors nobody caught, and its way out.
 *
 * - An unhandled rejection or uncaught exception is logged (scrubbed by the
 *   logger) and counted, and the process keeps serving: such a fault belongs
 *   to one request or event, and every answer path already catches its own.
 * - A fault the caller classifies as fatal (a platform connection that will
 *   never come back: Slack `invalid_auth` on reconnect, Discord close code
 *   4004) ends the process with exit code 1 and one plain line on standard
 *   error, so a supervisor restarts it and an operator sees why.
 */
import type { Logger } from '../log.js';

export interface CrashPolicyOptions {
  readonly logger: Logger;
  /** Returns the reason when `err` means the process cannot go on; undefined to keep serving. */
  readonly fatalReason?: (err: unknown) => string | undefined;
  /** Counts survived faults (metrics). */
  readonly onSurvived?: (type: 'rejection' | 'exception') => void;
  /** How to end the process; tests pass their own. */
  readonly exit?: (code: number) => void;
  /** Where the one fatal line goes. Default: standard error. */
  readonly writeLine?: (line: string) => void;
}

export interface CrashPolicy {
  /** Ends the process now with exit code 1, saying why in one line. */
  fatal(reason: string): void;
  /** Removes the process listeners. */
  uninstall(): void;
}

export function installCrashPolicy(options: CrashPolicyOptions): CrashPolicy {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const writeLine = options.writeLine ?? ((line: string) => process.stderr.write(`${line}\n`));
  let ended = false;

  const fatal = (reason: string) => {
    if (ended) return;
    ended = true;
    options.logger.fatal({ reason }, 'cannot go on');
    writeLine(`hallway: fatal: ${reason}`);
    exit(1);
  };

  const handle = (type: 'rejection' | 'exception') => (err: unknown) => {
    const reason = options.fatalReason?.(err);
    if (reason) {
      fatal(reason);
      return;
    }
    options.onSurvived?.(type);
    options.logger.error(
      { err: err instanceof Error ? err : new Error(String(err)), type },
      type === 'rejection' ? 'unhandled promise rejection; still serving' : 'uncaught exception; still serving',
    );
  };
  const onRejection = handle('rejection');
  const onException = handle('exception');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    fatal,
    uninstall() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

/**
 * Runs `stop` once on the first SIGTERM or SIGINT, then exits 0. A hard
 * deadline (`hardMs` after the signal) exits even when something hangs; a
 * second signal exits at once.
 */
export function onShutdownSignal(options: {
  readonly logger: Logger;
  readonly hardMs: number;
  readonly stop: (signal: NodeJS.Signals) => Promise<void>;
  readonly exit?: (code: number) => void;
}): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      options.logger.warn({ signal }, 'second signal: exiting now');
      exit(0);
      return;
    }
    signalled = true;
    options.logger.info({ signal }, 'shutting down');
    const hard = setTimeout(() => {
      options.logger.warn({ afterMs: options.hardMs }, 'shutdown took too long: exiting anyway');
      exit(0);
    }, options.hardMs);
    options.stop(signal).then(
      () => {
        clearTimeout(hard);
        options.logger.info('stopped');
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(hard);
        options.logger.error({ err }, 'shutdown failed');
        exit(0);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
