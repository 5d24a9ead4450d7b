/**
 * One log line per answered question, at info: platform, command, how it came,
 * the kind of the best hit, answered or not, latency and an opaque asker hash.
 * Never the user's id or text (the text only at debug, for local diagnosis).
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../log.js';
import { hashAsker, type QuestionEvent, type QuestionObserver } from '../observe.js';

export interface QuestionLogOptions {
  /** Salt of the asker hash (ASKER_HASH_SALT); random per process when unset. */
  readonly salt?: string | undefined;
}

export function questionLogObserver(logger: Logger, options: QuestionLogOptions = {}): QuestionObserver {
  const salt = options.salt ?? randomBytes(16).toString('hex');
  const log = logger.child({ component: 'questions' });
  return (event: QuestionEvent) => {
    const line = {
      platform: event.platform,
      command: event.command,
      via: event.via,
      kind: event.topHit?.kind ?? 'none',
      answered: event.status === 'answer',
      status: event.status,
      latencyMs: Math.round(event.latencyMs),
      asker: hashAsker(salt, event.platform, event.askerId),
    };
    log.info(line, 'question answered');
    if (log.isLevelEnabled('debug')) log.debug({ asker: line.asker, query: event.query }, 'question text');
  };
}
