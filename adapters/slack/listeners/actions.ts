/**
 * Buttons: "did you mean" and "also see" open an entity's card; "Share in
 * channel" posts an ephemeral slash-command reply for everyone. Each is
 * acknowledged at once, then answered through the response_url (ephemeral
 * origin) or with chat.postMessage (a message the bot posted).
 */
import { helpNames } from './commands.js';
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Reply } from '../../../src/reply.js';
import { renderSlack } from '../render.js';
import { decodeOpenValue, decodeShareValue, fullSource, type ReplySource } from '../values.js';
import type { ListenerDeps } from './deps.js';
import { failureReply, goneReply, postMessage, respondWith } from './post.js';
import { observeReply, questionIdFor } from './observe.js';
import { commandFor } from '../../../src/reply.js';

/** The commands whose replies carry a "Share in channel" button (see commands.ts). */
const SHAREABLE: ReadonlySet<string> = new Set(['talk', 'tool', 'ask']);

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

function isEphemeral(body: BlockAction): boolean {
  return body.container?.['is_ephemeral'] === true;
}

function replyFor(source: ReplySource, deps: ListenerDeps): Reply {
  try {
    const detail = source.detail ?? 'short';
    if (source.type === 'open') return deps.hallway.open(source.ref, detail) ?? goneReply();
    return deps.hallway.command(source.command, source.query, helpNames(deps), detail);
  } catch (err) {
    deps.logger.error({ err }, 'the core failed to answer a button');
    return failureReply();
  }
}

/** "Did you mean" and "also see": show the chosen entity's card. */
export function openButton(deps: ListenerDeps) {
  return async function onOpenButton({ ack, body, action, respond, client }: ButtonArgs): Promise<void> {
    const at = new Date();
    await ack();
    const ref = decodeOpenValue(action.value);
    const source: ReplySource | undefined = ref ? { type: 'open', ref } : undefined;
    const reply = source ? replyFor(source, deps) : goneReply();
    const questionId = questionIdFor(deps);
    const feedback = questionId ? { feedback: questionId } : {};
    const observe = () =>
      observeReply(deps, { at, command: ref ? commandFor(ref.kind) : 'ask', via: 'button', query: reply.title, reply, userId: body.user.id, questionId });
    if (isEphemeral(body) || !body.channel) {
      // An ephemeral slash-command reply: replace it with the card, still shareable.
      await respondWith(respond, renderSlack(reply, { ...(source ? { share: source, more: fullSource(source) } : {}), ...feedback }), {
        responseType: 'ephemeral',
        replaceOriginal: true,
      });
      observe();
      return;
    }
    await postMessage(client, { channel: body.channel.id, threadTs: threadOf(body) }, renderSlack(reply, { ...(source ? { more: fullSource(source) } : {}), ...feedback }));
    observe();
  };
}

/** Where a reply to a button on a posted message goes: that message's thread (none in a DM). */
function threadOf(body: BlockAction): string | undefined {
  const message = body.message;
  const inDm = body.channel?.id.startsWith('D') ?? false;
  return (message?.['thread_ts'] as string | undefined) ?? (inDm ? undefined : message?.ts);
}

/**
 * "More": the whole card of the same reply. On an ephemeral reply it replaces
 * that reply (still shareable); on a posted message it goes into the thread.
 */
export function moreButton(deps: ListenerDeps) {
  return async function onMoreButton({ ack, body, action, respond, client }: ButtonArgs): Promise<void> {
    await ack();
    const decoded = decodeShareValue(action.value);
    const source = decoded ? fullSource(decoded) : undefined;
    const reply = source ? replyFor(source, deps) : goneReply();
    if (isEphemeral(body) || !body.channel) {
      await respondWith(respond, renderSlack(reply, source ? { share: source } : {}), { responseType: 'ephemeral', replaceOriginal: true });
      return;
    }
    await postMessage(client, { channel: body.channel.id, threadTs: threadOf(body) }, renderSlack(reply));
  };
}

/** "Share in channel": post the same reply for everyone, then remove the ephemeral one. */
export function shareButton(deps: ListenerDeps) {
  return async function onShareButton({ ack, action, respond }: ButtonArgs): Promise<void> {
    await ack();
    // A button's value comes back from the client and may be forged: share only what a
    // Share button is ever put on (talk, tool, ask, an entity card), never /tip or /help.
    const decoded = decodeShareValue(action.value);
    const source = decoded && (decoded.type === 'open' || SHAREABLE.has(decoded.command)) ? decoded : undefined;
    const reply = source ? replyFor(source, deps) : goneReply();
    // Buttons on a shared message are listed as text: the bot may not be a member of the channel.
    await respondWith(respond, renderSlack(reply, { buttons: false }), { responseType: 'in_channel', replaceOriginal: false });
    await respond({ delete_original: true });
  };
}
