import { DEFAULT_CACHE_OPTIONS } from './knowledge/snapshot.js';

/**
 * The core's settings, read from the environment once into a frozen object.
 * Adapters read their own platform settings the same way (adapters/<platform>/config.ts).
 */
export interface CoreConfig {
  /** The knowledge folder. Env KNOWLEDGE_DIR; default "knowledge". Example: KNOWLEDGE_DIR=/srv/hallway/knowledge */
  readonly knowledgeDir: string;
  /**
   * Folder of the cache of validated knowledge files (faster starts; see src/knowledge/snapshot.ts), or false
   * for none. Env KNOWLEDGE_CACHE_DIR ("off" disables it); default "<os temp>/hallway-cache".
   * Example: KNOWLEDGE_CACHE_DIR=/var/cache/hallway
   */
  readonly knowledgeCacheDir: string | false;
  /** pino log level. Env LOG_LEVEL; default "info". Example: LOG_LEVEL=debug */
  readonly logLevel: string;
}

export const DEFAULT_CORE_CONFIG: Readonly<CoreConfig> = Object.freeze({
  knowledgeDir: 'knowledge',
  knowledgeCacheDir: DEFAULT_CACHE_OPTIONS.cacheDir,
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
    knowledgeCacheDir:
      env.KNOWLEDGE_CACHE_DIR?.trim().toLowerCase() === 'off' ? false : env.KNOWLEDGE_CACHE_DIR?.trim() || DEFAULT_CORE_CONFIG.knowledgeCacheDir,
    logLevel: level || DEFAULT_CORE_CONFIG.logLevel,
  });
}
