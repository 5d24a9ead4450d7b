import { DEFAULT_CACHE_OPTIONS } from './knowledge/snapshot.js';

/**
 * Configuration: every environment variable is read through a zod schema, once,
 * at start-up, into frozen objects. This module holds the core's section and the
 * pieces every section shares; the tips section is in src/tips/config.ts, the
 * platforms' in adapters/<platform>/config.ts, and adapters/config.ts joins them
 * into the one schema `npm start` parses (so one message lists every problem).
 *
 * | Variable            | Meaning                                                        | Default     |
 * |---------------------|----------------------------------------------------------------|-------------|
 * | KNOWLEDGE_DIR       | the knowledge folder                                           | knowledge   |
 * | KNOWLEDGE_CACHE_DIR | cache of validated knowledge and its index; `off` for none     | <tmp>/hallway-cache |
 * | LOG_LEVEL           | fatal, error, warn, info, debug, trace or silent               | info        |
 * | HEALTH_PORT         | port for /healthz, /readyz, /metrics (Slack HTTP mode: PORT)   | off         |
 * | HEALTH_HOST         | address the health port listens on                             | all         |
 * | SHUTDOWN_TIMEOUT_MS | how long SIGTERM waits for answers in flight (1000–9000)       | 5000        |
 * | ASKER_HASH_SALT     | salt of the opaque asker hash in question logs (≥ 16 chars)    | random      |
 */
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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
  readonly logLevel: LogLevel;
  /**
   * Port of the health and metrics endpoints when Slack does not run in HTTP mode
   * (there they share PORT). Env HEALTH_PORT; default: off. Example: HEALTH_PORT=9090
   */
  readonly healthPort: number | undefined;
  /** Address the health port listens on. Env HEALTH_HOST; default: every interface. Example: HEALTH_HOST=127.0.0.1 */
  readonly healthHost: string | undefined;
  /**
   * How long SIGTERM/SIGINT waits for answers in flight before cancelling them;
   * the process always exits within this plus 3 s. Env SHUTDOWN_TIMEOUT_MS;
   * default 5000 (1000–7000). Example: SHUTDOWN_TIMEOUT_MS=3000
   */
  readonly shutdownTimeoutMs: number;
  /**
   * Salt of the opaque asker hash in question logs. Env ASKER_HASH_SALT; default:
   * random per process (hashes then differ across restarts). Example: ASKER_HASH_SALT=$(openssl rand -hex 16)
   */
  readonly askerHashSalt: string | undefined;
}

export const DEFAULT_CORE_CONFIG: Readonly<CoreConfig> = Object.freeze({
  knowledgeDir: 'knowledge',
  knowledgeCacheDir: DEFAULT_CACHE_OPTIONS.cacheDir,
  logLevel: 'info',
  healthPort: undefined,
  healthHost: undefined,
  shutdownTimeoutMs: 5000,
  askerHashSalt: undefined,
});

/** Environment values are text; unset, empty and blank all mean "not set". Others are trimmed. */
export const envText = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim()) : v),
  z.string().optional(),
);

/** Adds one problem about `variable` to a refinement context. */
export function problem(ctx: z.RefinementCtx, variable: string, message: string): void {
  ctx.addIssue({ code: 'custom', path: [variable], message });
}

/** A TCP port 0–65535, written in decimal, or undefined; a problem otherwise. */
export function readPort(ctx: z.RefinementCtx, variable: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port > 65535) {
    problem(ctx, variable, `must be a port number between 0 and 65535, e.g. ${variable}=8080`);
    return undefined;
  }
  return port;
}

const coreShape = {
  KNOWLEDGE_DIR: envText,
  KNOWLEDGE_CACHE_DIR: envText,
  LOG_LEVEL: envText,
  HEALTH_PORT: envText,
  HEALTH_HOST: envText,
  SHUTDOWN_TIMEOUT_MS: envText,
  ASKER_HASH_SALT: envText,
};

/** The core's section of the configuration: an environment in, a {@link CoreConfig} out. */
export const coreEnvSchema = z
  .object(coreShape)
  .superRefine((env, ctx) => {
    const level = env.LOG_LEVEL?.toLowerCase();
    if (level && !(LOG_LEVELS as readonly string[]).includes(level)) {
      problem(ctx, 'LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, e.g. LOG_LEVEL=info`);
    }
    readPort(ctx, 'HEALTH_PORT', env.HEALTH_PORT);
    if (env.SHUTDOWN_TIMEOUT_MS !== undefined) {
      const ms = Number(env.SHUTDOWN_TIMEOUT_MS);
      if (!/^\d+$/.test(env.SHUTDOWN_TIMEOUT_MS) || ms < 1000 || ms > 7000) {
        problem(ctx, 'SHUTDOWN_TIMEOUT_MS', 'must be a whole number of milliseconds from 1000 to 7000, e.g. SHUTDOWN_TIMEOUT_MS=5000');
      }
    }
    if (env.ASKER_HASH_SALT !== undefined && env.ASKER_HASH_SALT.length < 16) {
      problem(ctx, 'ASKER_HASH_SALT', 'must be at least 16 characters (e.g. the output of `openssl rand -hex 16`), or unset');
    }
  })
  .transform(
    (env): CoreConfig =>
      Object.freeze({
        knowledgeDir: env.KNOWLEDGE_DIR ?? DEFAULT_CORE_CONFIG.knowledgeDir,
        knowledgeCacheDir:
          env.KNOWLEDGE_CACHE_DIR?.toLowerCase() === 'off' ? false : (env.KNOWLEDGE_CACHE_DIR ?? DEFAULT_CORE_CONFIG.knowledgeCacheDir),
        logLevel: (env.LOG_LEVEL?.toLowerCase() as LogLevel | undefined) ?? DEFAULT_CORE_CONFIG.logLevel,
        healthPort: env.HEALTH_PORT === undefined ? undefined : Number(env.HEALTH_PORT),
        healthHost: env.HEALTH_HOST,
        shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS === undefined ? DEFAULT_CORE_CONFIG.shutdownTimeoutMs : Number(env.SHUTDOWN_TIMEOUT_MS),
        askerHashSalt: env.ASKER_HASH_SALT,
      }),
  );

/**
 * A configuration that cannot be used. `problems` are plain sentences, each
 * naming its variable and how to fix it; `message` lists them all, one per line,
 * prefixed "hallway/config:". Values are never quoted (a token may be in the wrong variable).
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];
  constructor(problems: readonly string[], prefix = 'hallway/config:') {
    super(formatProblems(problems, prefix));
    this.problems = Object.freeze([...problems]);
  }
}

/** One line per problem, each with `prefix`. */
export function formatProblems(problems: readonly string[], prefix = 'hallway/config:'): string {
  return problems.map((p) => `${prefix} ${p}`).join('\n');
}

/** zod issues as plain sentences that start with the variable's name. */
export function issueSentences(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const variable = String(issue.path[issue.path.length - 1] ?? 'environment');
    return issue.message.startsWith(variable) ? issue.message : `${variable} ${issue.message}`;
  });
}

/** Parses `env` with `schema`, or throws a {@link ConfigError} listing every problem. */
export function parseEnv<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv, prefix = 'hallway/config:'): T {
  const result = schema.safeParse(env);
  if (!result.success) throw new ConfigError(issueSentences(result.error.issues), prefix);
  return result.data;
}

/** The message a command-line program prints for a bad configuration, and nothing more (no stack, no JSON). */
export function configFailureText(err: ConfigError): string {
  const n = err.problems.length;
  return (
    `${err.message}\n` +
    `hallway/config: ${n === 1 ? 'this setting needs' : `these ${n} settings need`} fixing in the environment ` +
    '(or the --env-file); .env.example describes every variable.\n'
  );
}

/** Reads the core's settings; throws a {@link ConfigError} naming every bad variable. */
export function readCoreConfig(env: NodeJS.ProcessEnv = process.env): CoreConfig {
  return parseEnv(coreEnvSchema, env);
}

/** For command-line programs: the core's settings, or the text to print and exit with (no stack). */
export function tryReadCoreConfig(env: NodeJS.ProcessEnv = process.env): { ok: true; config: CoreConfig } | { ok: false; text: string } {
  try {
    return { ok: true, config: readCoreConfig(env) };
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, text: configFailureText(err) };
    throw err;
  }
}
