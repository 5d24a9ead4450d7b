/**
 * The adapter's event handlers: a Discord event in, the core's reply out,
 * rendered by {@link renderDiscord}. Each handler catches and logs its own
 * failures, so one bad event never ends the process.
 */
import {
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message,
} from 'discord.js';
import { isCommandName, type CommandName } from '../../src/commands.js';
import type { Logger } from '../../src/log.js';
import { commandFor, decodeRef, type EntityRef, type Reply } from '../../src/reply.js';
import { completesFor, QUERY_OPTION } from './commands.js';
import { describeError, logFailure } from './errors.js';
import { AUTOCOMPLETE_LIMITS } from './limits.js';
import { MORE_PREFIX, SHARE_PREFIX, sourceButtonId, sourceFromButtonId, type ReplySource, type SourceKey } from './actions.js';
import { BUTTON_PREFIX, noMentions, noticeReply, refFromButtonId, renderDiscord, type RenderActions } from './render.js';
import { cut, plainText } from './text.js';
import type { HallwayPort, TipsService } from './types.js';
import { isVoteButton, onVoteButton } from './feedback.js';
import { newQuestionId } from '../../src/insights/ids.js';
import { insightsOffReply, type FeedbackPort, type InsightsPort } from '../../src/insights/service.js';
import { notifyQuestion, type QuestionObserver } from '../../src/observe.js';

export interface HandlerDeps {
  readonly hallway: HallwayPort;
  readonly logger: Logger;
  readonly tips?: TipsService | undefined;
  /** Defer an interaction's reply when the answer takes longer than this (Discord allows 3 s). */
  readonly deferAfterMs: number;
  /** Literal secrets to keep out of log lines (the bot token). */
  readonly secrets: readonly string[];
  /** Told about each question after its reply is sent (metrics, logs, insights). */
  readonly observers?: readonly QuestionObserver[] | undefined;
  /** Records 👍/👎 votes; without it answers get no vote buttons. */
  readonly feedback?: FeedbackPort | undefined;
  /** Answers /insights for channel managers; without it /insights says insights are off. */
  readonly insights?: InsightsPort | undefined;
}

/** What to tell the observers about an answered interaction. */
interface Observed {
  readonly command: CommandName;
  readonly via: 'command' | 'message' | 'button';
  readonly query: string;
}

/**
 * Commands whose answers only the asker sees: every lookup, as on Slack; a
 * "Share" button posts the answer for the channel.
 */
const EPHEMERAL_COMMANDS: ReadonlySet<CommandName> = new Set(['help', 'insights', 'talk', 'tool', 'ask']);

/** "More" and "Share" for a reply that `source` produces; Share only where the reply is ephemeral. */
function actionsFor(source: SourceKey, detail: ReplySource['detail'], share: boolean): RenderActions {
  return {
    more: sourceButtonId(MORE_PREFIX, { ...source, detail: 'full' }),
    share: share ? sourceButtonId(SHARE_PREFIX, { ...source, detail }) : undefined,
  };
}

const SORRY = () =>
  noticeReply('Something went wrong', 'Hallway could not answer that just now. Please try again in a moment.');

/** What to log about an interaction: ids and names, never its token. */
function interactionContext(i: Interaction): Record<string, unknown> {
  return {
    interactionId: i.id,
    interactionType: i.type,
    command: i.isCommand() || i.isAutocomplete() ? i.commandName : undefined,
    guildId: i.guildId ?? undefined,
    channelId: i.channelId ?? undefined,
  };
}

// ---------------------------------------------------------------------------
// Autocomplete

/** An autocomplete choice: what the picker shows, and what the query becomes when picked. */
export interface Choice {
  readonly name: string;
  readonly value: string;
}

/**
 * Turns the core's completions into at most 25 choices, names and values at
 * most 100 characters, no duplicates. The value is the entity's label (cut),
 * so the command line reads naturally; picking it opens exactly that entity
 * (see {@link lookup}).
 */
export function toChoices(refs: readonly EntityRef[]): Choice[] {
  const out: Choice[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    if (out.length >= AUTOCOMPLETE_LIMITS.choices) break;
    const value = choiceValue(ref);
    const name = cut(plainText(ref.label), AUTOCOMPLETE_LIMITS.choiceName);
    if (!value || !name || seen.has(value)) continue;
    seen.add(value);
    out.push({ name, value });
  }
  return out;
}

function choiceValue(ref: EntityRef): string {
  return cut(ref.label.replace(/\s+/g, ' ').trim(), AUTOCOMPLETE_LIMITS.choiceValue);
}

async function onAutocomplete(interaction: AutocompleteInteraction, deps: HandlerDeps): Promise<void> {
  let choices: Choice[] = [];
  const kind = completesFor(interaction.commandName);
  if (kind) {
    try {
      const typed = String(interaction.options.getFocused() ?? '');
      choices = toChoices(deps.hallway.complete(kind, typed, AUTOCOMPLETE_LIMITS.choices));
    } catch (err) {
      // An empty list rather than an error: the user can still type and send.
      deps.logger.warn(
        { ...interactionContext(interaction), error: describeError(err, deps.secrets) },
        'autocomplete failed; answering with no choices',
      );
      choices = [];
    }
  }
  await interaction.respond(choices);
}

// ---------------------------------------------------------------------------
// Slash commands and buttons

/**
 * The core's answer to a command. For /talk and /tool, a query that is
 * exactly a completion's value (a choice picked from autocomplete) opens that
 * entity, so picking "Kuma: …" shows that very talk.
 */
export function lookup(hallway: HallwayPort, name: CommandName, query: string): Reply {
  if (name === 'talk' || name === 'tool') {
    const typed = query.replace(/\s+/g, ' ').trim();
    const asRef = decodeRef(typed);
    if (asRef?.kind === name) {
      const opened = hallway.open(asRef);
      if (opened) return opened;
    }
    if (typed) {
      const exact = hallway.complete(name, typed, AUTOCOMPLETE_LIMITS.choices).find((r) => choiceValue(r) === typed);
      const opened = exact ? hallway.open(exact) : undefined;
      if (opened) return opened;
    }
  }
  return hallway.command(name, query);
}

/**
 * Answers an interaction with the reply `work` produces. If that takes longer
 * than `deferAfterMs`, the reply is deferred first (Discord's window is 3 s)
 * and then edited in. A failing `work` gets an apology, not silence.
 */
async function respond(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  work: () => Reply | Promise<Reply>,
  ephemeral: boolean,
  deps: HandlerDeps,
  actions: RenderActions = {},
  observed?: Observed,
): Promise<void> {
  const at = new Date();
  const context = interactionContext(interaction);
  let deferral: Promise<boolean> | undefined;
  const timer = setTimeout(() => {
    deferral = interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {}).then(
      () => true,
      (err: unknown) => {
        logFailure(deps.logger, err, context, 'deferring the reply', deps.secrets);
        return false;
      },
    );
  }, deps.deferAfterMs);

  let reply: Reply;
  let failed = false;
  try {
    reply = await Promise.resolve().then(work);
  } catch (err) {
    deps.logger.error({ ...context, error: describeError(err, deps.secrets) }, 'answering failed');
    reply = SORRY();
    failed = true;
  } finally {
    clearTimeout(timer);
  }

  const questionId = observed && deps.feedback && !failed ? newQuestionId() : undefined;
  const { embeds, components } = renderDiscord(reply, failed ? {} : { ...actions, feedback: questionId });
  if (deferral) {
    if (!(await deferral)) return;
    await interaction.editReply({ embeds, components, allowedMentions: noMentions() });
  } else {
    await interaction.reply({
      embeds,
      components,
      allowedMentions: noMentions(),
      ...(ephemeral || failed ? { flags: MessageFlags.Ephemeral } : {}),
    });
  }
  deps.logger.debug({ ...context, status: reply.status, deferred: Boolean(deferral) }, 'answered');
  if (observed) observe(deps, at, observed, reply, interaction.user.id, questionId);
}

function observe(deps: HandlerDeps, at: Date, o: Observed, reply: Reply, userId: string, questionId: string | undefined): void {
  if (!deps.observers?.length) return;
  notifyQuestion(
    deps.observers,
    {
      at,
      platform: 'discord',
      command: o.command,
      via: o.via,
      query: reply.query || o.query,
      status: reply.status,
      ...(reply.hits[0] ? { topHit: reply.hits[0] } : {}),
      latencyMs: Date.now() - at.getTime(),
      askerId: userId,
      ...(questionId ? { questionId } : {}),
    },
    (err) => deps.logger.warn({ error: describeError(err, deps.secrets) }, 'a question observer failed'),
  );
}

/**
 * Whether the member may manage the channel: Manage Channels there (channel
 * overwrites and Administrator included, as Discord computes the interaction's
 * member permissions). False in DMs, where there is no member.
 */
function canManageChannel(interaction: ChatInputCommandInteraction): boolean {
  return interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false;
}

/** `/tip` subcommands only channel managers may run; the service refuses anyone else. */
const TIP_MANAGER_SUBCOMMANDS: ReadonlySet<string> = new Set(['subscribe', 'unsubscribe']);

/**
 * Whether the tips service will refuse this `/tip`: a subscribe or unsubscribe
 * from someone who cannot manage the channel. Known before the service
 * answers, so a deferred reply is ephemeral from the start too.
 */
export function isTipRefusal(query: string, canManage: boolean): boolean {
  if (canManage) return false;
  const words = query.trim().split(/\s+/).filter(Boolean);
  if (words[0]?.toLowerCase() === '/tip') words.shift();
  return TIP_MANAGER_SUBCOMMANDS.has(words[0]?.toLowerCase() ?? '');
}

async function onCommand(interaction: ChatInputCommandInteraction, deps: HandlerDeps): Promise<void> {
  const name = interaction.commandName;
  if (!isCommandName(name)) {
    await respond(interaction, () => noticeReply('Unknown command', 'Hallway does not know that command. Try /help.'), true, deps);
    return;
  }
  const query = interaction.options.getString(QUERY_OPTION) ?? '';
  if (name === 'insights') {
    // Same rule as /tip subscribe: Manage Channels; only the asker sees it; not recorded.
    const insights = deps.insights;
    await respond(interaction, () => (insights ? insights.summary(canManageChannel(interaction)) : insightsOffReply()), true, deps);
    return;
  }
  const tips = deps.tips;
  if (name === 'tip' && tips) {
    const canManage = canManageChannel(interaction);
    const work = () =>
      tips.handle({ platform: 'discord', channelId: interaction.channelId, userId: interaction.user.id, text: query, canManage });
    // A refusal only the asker sees; a subscription change is announced to the channel.
    await respond(interaction, work, isTipRefusal(query, canManage), deps, {}, { command: name, via: 'command', query });
    return;
  }
  const ephemeral = EPHEMERAL_COMMANDS.has(name);
  const actions = name === 'help' ? {} : actionsFor({ type: 'command', command: name, query }, 'short', ephemeral);
  await respond(interaction, () => lookup(deps.hallway, name, query), ephemeral, deps, actions, { command: name, via: 'command', query });
}

/** The reply a "More" or "Share" source stands for, rebuilt by the core. */
function replyFor(deps: HandlerDeps, source: ReplySource): Reply {
  const reply =
    source.type === 'open' ? deps.hallway.open(source.ref, source.detail) : deps.hallway.command(source.command, source.query, {}, source.detail);
  return reply ?? GONE();
}

const GONE = () => noticeReply('No longer available', 'That entry is not in the knowledge base any more. Try /talk or /tool.');

async function onButton(interaction: ButtonInteraction, deps: HandlerDeps): Promise<void> {
  if (!interaction.customId.startsWith(BUTTON_PREFIX)) return; // not one of ours
  const action = sourceFromButtonId(interaction.customId);
  if (action?.action === 'more') {
    // The whole card, for the clicker only, still shareable.
    const { source } = action;
    await respond(interaction, () => replyFor(deps, source), true, deps, actionsFor(source, 'full', true));
    return;
  }
  if (action?.action === 'share') {
    // The same reply, posted for the channel.
    const { source } = action;
    await respond(interaction, () => replyFor(deps, source), false, deps, actionsFor(source, source.detail, false));
    return;
  }
  const ref = refFromButtonId(interaction.customId);
  const source = ref ? ({ type: 'open', ref } as const) : undefined;
  await respond(
    interaction,
    () => (ref ? deps.hallway.open(ref) : undefined) ?? GONE(),
    true,
    deps,
    source ? actionsFor(source, 'short', true) : {},
    { command: ref ? commandFor(ref.kind) : 'ask', via: 'button', query: '' },
  );
}

/** Routes an interaction to its handler; logs instead of throwing. */
export async function handleInteraction(interaction: Interaction, deps: HandlerDeps): Promise<void> {
  try {
    if (interaction.isAutocomplete()) await onAutocomplete(interaction, deps);
    else if (interaction.isChatInputCommand()) await onCommand(interaction, deps);
    else if (interaction.isButton() && isVoteButton(interaction.customId)) await onVoteButton(interaction, deps.feedback);
    else if (interaction.isButton()) await onButton(interaction, deps);
  } catch (err) {
    logFailure(deps.logger, err, interactionContext(interaction), 'answering an interaction', deps.secrets);
  }
}

// ---------------------------------------------------------------------------
// Messages

/** Whether a message is for Hallway: a DM, or a mention of the bot, from a person. */
export function isForUs(message: Message, botUserId: string): boolean {
  if (message.author.bot || message.author.system || message.system || message.webhookId) return false;
  if (message.author.id === botUserId) return false;
  if (!message.inGuild()) return true;
  return message.mentions.users.has(botUserId);
}

/** Answers a message that mentions the bot, or a DM, as a reply to it; logs instead of throwing. */
export async function handleMessage(message: Message, deps: HandlerDeps): Promise<void> {
  const me = message.client.user;
  const context = { messageId: message.id, channelId: message.channelId, guildId: message.guildId ?? undefined };
  try {
    if (!me || !isForUs(message, me.id)) return;
    const at = new Date();
    let reply: Reply;
    try {
      // The content carries the mention markup ("<@123> …"); the core strips it.
      reply = deps.hallway.ask(message.content);
    } catch (err) {
      deps.logger.error({ ...context, error: describeError(err, deps.secrets) }, 'answering a message failed');
      reply = SORRY();
    }
    const questionId = deps.feedback ? newQuestionId() : undefined;
    const { embeds, components } = renderDiscord(reply, {
      ...actionsFor({ type: 'command', command: 'ask', query: reply.query }, 'short', false),
      feedback: questionId,
    });
    await message.reply({ embeds, components, allowedMentions: noMentions(), failIfNotExists: false });
    deps.logger.debug({ ...context, status: reply.status }, 'answered a message');
    observe(deps, at, { command: 'ask', via: 'message', query: message.content }, reply, message.author.id, questionId);
  } catch (err) {
    logFailure(deps.logger, err, context, 'replying to a message', deps.secrets);
  }
}
