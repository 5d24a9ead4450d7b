/**
 * Shared setup for the Discord tests: the real knowledge base, a logger whose
 * lines are captured at trace level, and a real discord.js client logged in to
 * a fake Discord.
 */
import { fileURLToPath } from 'node:url';
import { Events, type Client } from 'discord.js';
import { loadDiscordConfig } from '../../adapters/discord/config.js';
import { createDiscordClient } from '../../adapters/discord/index.js';
import type { HallwayPort, TipsService } from '../../adapters/discord/types.js';
import { Hallway } from '../../src/hallway.js';
import { createLogger, type Logger } from '../../src/log.js';
import { BOT_TOKEN, FakeDiscord, type RecordedRequest } from './fake-discord.js';

export const KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge', import.meta.url));

let hallway: Promise<Hallway> | undefined;
/** The real knowledge base, loaded once per test file. */
export function loadHallway(): Promise<Hallway> {
  hallway ??= Hallway.load(KNOWLEDGE_DIR);
  return hallway;
}

export interface CapturedLogger {
  readonly logger: Logger;
  readonly lines: string[];
  /** Parsed log records. */
  records(): Record<string, unknown>[];
}

/** A pino logger (with the project's redaction) writing every line, trace and up, to memory. */
export function captureLogger(level = 'trace'): CapturedLogger {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

export interface Connected {
  readonly fake: FakeDiscord;
  readonly client: Client;
  readonly log: CapturedLogger;
  close(): Promise<void>;
}

/** Starts a fake Discord and a real client logged in to it, ready for events. */
export async function connect(options: {
  hallway: HallwayPort;
  tips?: TipsService;
  deferAfterMs?: number;
}): Promise<Connected> {
  const fake = await FakeDiscord.start();
  const log = captureLogger();
  const config = loadDiscordConfig({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.apiUrl });
  const client = createDiscordClient({
    hallway: options.hallway,
    logger: log.logger,
    config,
    tips: options.tips,
    deferAfterMs: options.deferAfterMs ?? 2000,
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(BOT_TOKEN);
    await ready;
  } catch (err) {
    await client.destroy();
    await fake.close();
    throw err;
  }
  return {
    fake,
    client,
    log,
    async close() {
      await client.destroy();
      await fake.close();
    },
  };
}

/** The interaction callback a dispatched interaction gets. */
export function callbackOf(fake: FakeDiscord, interaction: { id: string; token: string }, timeoutMs = 5000): Promise<RecordedRequest> {
  return fake.waitForRequest(
    (r) => r.method === 'POST' && r.route === `/interactions/${interaction.id}/${interaction.token}/callback`,
    timeoutMs,
  );
}

/** The reply posted to a message (POST /channels/:id/messages referencing it). */
export function replyTo(fake: FakeDiscord, messageId: string, timeoutMs = 5000): Promise<RecordedRequest> {
  return fake.waitForRequest(
    (r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.route) && r.body?.message_reference?.message_id === messageId,
    timeoutMs,
  );
}

/** Every text an embed shows, joined, for "which entity appears" assertions. */
export function embedText(body: any): string {
  const embeds: any[] = body?.embeds ?? body?.data?.embeds ?? [];
  return embeds
    .flatMap((e) => [e.title, e.description, e.author?.name, e.footer?.text, ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value])])
    .filter(Boolean)
    .join('\n');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
