/**
 * The core's settings, read from the environment once into a frozen object.
 * Adapters read their own platform settings the same way (adapters/<platform>/config.ts).
 */
export interface CoreConfig {
  /** The knowledge folder. Env KNOWLEDGE_DIR; default "knowledge". Example: KNOWLEDGE_DIR=/srv/hallway/knowledge */
  readonly knowledgeDir: string;
  /** pino log level. Env LOG_LEVEL; default "info". Example: LOG_LEVEL=debug */
  readonly logLevel: string;
}

export const DEFAULT_CORE_CONFIG: Readonly<CoreConfig> = Object.freeze({
  knowledgeDir: 'knowledge',
  logLevel: 'info',
});

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export function readCoreConfig(env: NodeJS.ProcessEnv = process.env): CoreConfig {
  const level = env.LOG_LEVEL?.trim().toLowerCase();
  if (level && !LEVELS.has(level)) {
    throw new Error(`hallway/config: LOG_LEVEL must be one of ${[...LEVELS].join(', ')} (got "${level}")`);
  }
  return Object.freeze({
    knowledgeDir: env.KNOWLEDGE_DIR?.trim() || DEFAULT_CORE_CONFIG.knowledgeDir,
    logLevel: level || DEFAULT_CORE_CONFIG.logLevel,
  });
}
