/**
 * The two ways the adapter sends a rendered reply, with the same safe options
 * every time: no unfurling, no `link_names`, no `parse`.
 */
import type { RespondFn, webApi } from '@slack/bolt';
import type { Reply } from '../../../src/reply.js';
import type { SlackMessage } from '../render.js';

export const SAFE_POST_OPTIONS = { unfurl_links: false, unfurl_media: false } as const;

/** Posts a message in a conversation (mentions, direct messages, button follow-ups). */
export async function postMessage(
  client: webApi.WebClient,
  target: { channel: string; threadTs?: string | undefined },
  message: SlackMessage,
): Promise<void> {
  await client.chat.postMessage({
    channel: target.channel,
    ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    text: message.text,
    blocks: message.blocks,
    ...SAFE_POST_OPTIONS,
  });
}

/** Answers through the interaction's response_url. */
export async function respondWith(
  respond: RespondFn,
  message: SlackMessage,
  how: { responseType: 'ephemeral' | 'in_channel'; replaceOriginal: boolean },
): Promise<void> {
  await respond({
    response_type: how.responseType,
    replace_original: how.replaceOriginal,
    text: message.text,
    blocks: message.blocks,
    ...SAFE_POST_OPTIONS,
  });
}

/** What the user sees when something failed on our side. */
export function failureReply(): Reply {
  return {
    status: 'notice',
    query: '',
    title: 'Something went wrong',
    lead: 'Hallway could not answer just now. Please try again in a moment.',
    fields: [],
    sections: [],
    related: [],
    suggestions: [],
    hits: [],
  };
}

/** What the user sees when a button's entry is gone (e.g. the knowledge was reloaded). */
export function goneReply(): Reply {
  return {
    status: 'notice',
    query: '',
    title: 'Not found',
    lead: 'That entry is no longer available. Try the command again.',
    fields: [],
    sections: [],
    related: [],
    suggestions: [],
    hits: [],
  };
}
