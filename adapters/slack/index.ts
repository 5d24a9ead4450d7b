/**
 * Hallway's Slack adapter. The composition root calls {@link startSlack} when
 * SLACK_BOT_TOKEN is set:
 *
 *   const slack = await startSlack({ hallway, logger, env: process.env });
 *   process.on('SIGTERM', () => void slack.stop());
 *
 * Data flows one way: Slack event → core input → Reply → renderSlack → Slack.
 */
import type { App } from '@slack/bolt';
import { createSlackApp, type SlackAppOptions, type SlackDeps } from './app.js';

export { createSlackApp } from './app.js';
export { fatalSlackReason } from './fatal.js';
export type { SlackAppHandle, SlackAppOptions, SlackDeps } from './app.js';
export { parseSlackConfig, SlackConfigError } from './config.js';
export type { SlackConfig, SlackMode } from './config.js';
export type { SlackHallway, TipContext, TipsService } from './listeners/index.js';
export { renderSlack } from './render.js';
export { createSlackTipPoster, PERMANENT_CHANNEL_ERRORS } from './tip-poster.js';
export type { SlackTipPosterOptions } from './tip-poster.js';
export type { RenderOptions, SlackMessage } from './render.js';

export interface RunningSlack {
  readonly app: App;
  /** 'socket' or 'http'. */
  readonly mode: 'socket' | 'http';
  /** HTTP mode: the port actually listened on (useful with PORT=0). */
  readonly port?: number;
  /** Stops taking new work, lets answers in flight finish within `graceMs`, cancels the rest. */
  stop(graceMs?: number): Promise<void>;
}

/** Builds, verifies and starts the Slack app; resolves once it is connected or listening. */
export async function startSlack(deps: SlackDeps, options: SlackAppOptions = {}): Promise<RunningSlack> {
  const handle = await createSlackApp(deps, options);
  const { port } = await handle.start();
  return {
    app: handle.app,
    mode: handle.config.mode,
    ...(port !== undefined ? { port } : {}),
    stop: (graceMs?: number) => handle.stop(graceMs),
  };
}
