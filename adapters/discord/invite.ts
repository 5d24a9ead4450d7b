/**
 * The bot's invite link: scopes `bot` and `applications.commands`, and the
 * permissions Hallway uses, nothing more. See README.md for how the number
 * is made.
 */
import { OAuth2Scopes, PermissionFlagsBits } from 'discord.js';

/**
 * View Channel (1 << 10) + Send Messages (1 << 11) + Embed Links (1 << 14)
 * + Read Message History (1 << 16) + Send Messages in Threads (1 << 38)
 * = 274877991936.
 */
export const INVITE_PERMISSIONS: bigint =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.EmbedLinks;

export const INVITE_SCOPES = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands] as const;

/** The link a server admin opens to add Hallway to a server. */
export function inviteUrl(applicationId: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: INVITE_SCOPES.join(' '),
    permissions: INVITE_PERMISSIONS.toString(),
  });
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}
