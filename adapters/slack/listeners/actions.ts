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
import { decodeOpenValue, decodeShareValue, type ReplySource } from '../values.js';
import type { ListenerDeps } from './deps.js';
import { failureReply, goneReply, postMessage, respondWith } from './post.js';

/** The commands whose replies carry a "Share in channel" button (see commands.ts). */
const SHAREABLE: ReadonlySet<string> = new Set(['talk', 'tool', 'ask']);

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

function isEphemeral(body: BlockAction): boolean {
  return body.container?.['is_ephemeral'] === true;
}

function replyFor(source: ReplySource, deps: ListenerDeps): Reply {
  try {
    if (source.type === 'open') return deps.hallway.open(source.ref) ?? goneReply();
    return deps.hallway.command(source.command, source.query, helpNames(deps));
  } catch (err) {
    deps.logger.error({ err }, 'the core failed to answer a button');
    return failureReply();
  }
}

/** "Did you mean" and "also see": show the chosen entity's card. */
export function openButton(deps: ListenerDeps) {
  return async function onOpenButton({ ack, body, action, respond, client }: ButtonArgs): Promise<void> {
    await ack();
    const ref = decodeOpenValue(action.value);
    const source: ReplySource | undefined = ref ? { type: 'open', ref } : undefined;
    const reply = source ? replyFor(source, deps) : goneReply();
    if (isEphemeral(body) || !body.channel) {
      // An ephemeral slash-command reply: replace it with the card, still shareable.
      await respondWith(respond, renderSlack(reply, source ? { share: source } : {}), {
        responseType: 'ephemeral',
        replaceOriginal: true,
      });
      return;
    }
    const message = body.message;
    const inDm = body.channel.id.startsWith('D');
    const threadTs = (message?.['thread_ts'] as string | undefined) ?? (inDm ? undefined : message?.ts);
    await postMessage(client, { channel: body.channel.id, threadTs }, renderSlack(reply));
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
