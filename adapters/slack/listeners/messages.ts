/**
 * Free text: `app_mention` in channels (answered in a thread) and direct
 * messages (`message` events in an IM). Anything that is not a plain user
 * message is ignored: our own and other bots' messages, edits, deletions and
 * every other subtype. A message seen twice (a mention in a DM delivered as
 * both events, or a redelivery) is answered once.
 */
import { helpNames } from './commands.js';
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Reply } from '../../../src/reply.js';
import { renderSlack } from '../render.js';
import type { ReplySource } from '../values.js';
import type { ListenerDeps } from './deps.js';
import { failureReply, postMessage } from './post.js';
import { observeReply, questionIdFor } from './observe.js';

type MentionArgs = SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs;
type MessageArgs = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/** The fields of a message-like event that decide whether and where to answer. */
interface IncomingText {
  readonly channel: string;
  readonly ts: string;
  readonly threadTs?: string | undefined;
  readonly text: string;
  readonly user?: string | undefined;
  readonly botId?: string | undefined;
  readonly subtype?: string | undefined;
}

function shouldAnswer(msg: IncomingText, botUserId: string | undefined, deps: ListenerDeps): boolean {
  if (msg.subtype !== undefined) return false;
  if (msg.botId) return false;
  if (!msg.user || (botUserId !== undefined && msg.user === botUserId)) return false;
  // The same message may arrive as app_mention and as message.im.
  return deps.seen.firstTime(`message:${msg.channel}:${msg.ts}`);
}

/** "More" on a message reply: the same question, answered in full (the core's cleaned query). */
function moreFor(reply: Reply): ReplySource {
  return { type: 'command', command: 'ask', query: reply.query, detail: 'full' };
}

function answerText(text: string, deps: ListenerDeps): Reply {
  try {
    return deps.hallway.ask(text, helpNames(deps));
  } catch (err) {
    deps.logger.error({ err }, 'the core failed to answer a message');
    return failureReply();
  }
}

export function appMention(deps: ListenerDeps) {
  return async function onAppMention({ event, client, context }: MentionArgs): Promise<void> {
    const msg: IncomingText = {
      channel: event.channel,
      ts: event.ts,
      threadTs: event.thread_ts,
      text: event.text ?? '',
      user: event.user,
      botId: event.bot_id,
      subtype: (event as { subtype?: string }).subtype,
    };
    if (!shouldAnswer(msg, context.botUserId, deps)) return;
    deps.logger.debug({ channel: msg.channel }, 'mention');
    const at = new Date();
    const reply = answerText(msg.text, deps);
    const questionId = questionIdFor(deps);
    await postMessage(
      client,
      { channel: msg.channel, threadTs: msg.threadTs ?? msg.ts },
      renderSlack(reply, { more: moreFor(reply), ...(questionId ? { feedback: questionId } : {}) }),
    );
    observeReply(deps, { at, command: 'ask', via: 'message', query: msg.text, reply, userId: msg.user ?? '', questionId });
  };
}

export function directMessage(deps: ListenerDeps) {
  return async function onDirectMessage({ message, client, context }: MessageArgs): Promise<void> {
    if (message.channel_type !== 'im') return;
    const m = message as {
      channel: string;
      ts: string;
      thread_ts?: string;
      text?: string;
      user?: string;
      bot_id?: string;
      subtype?: string;
    };
    const msg: IncomingText = {
      channel: m.channel,
      ts: m.ts,
      threadTs: m.thread_ts,
      text: m.text ?? '',
      user: m.user,
      botId: m.bot_id,
      subtype: m.subtype,
    };
    if (!shouldAnswer(msg, context.botUserId, deps)) return;
    deps.logger.debug({ channel: msg.channel }, 'direct message');
    const at = new Date();
    const reply = answerText(msg.text, deps);
    const questionId = questionIdFor(deps);
    await postMessage(
      client,
      { channel: msg.channel, threadTs: msg.threadTs },
      renderSlack(reply, { more: moreFor(reply), ...(questionId ? { feedback: questionId } : {}) }),
    );
    observeReply(deps, { at, command: 'ask', via: 'message', query: msg.text, reply, userId: msg.user ?? '', questionId });
  };
}
