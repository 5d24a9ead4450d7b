/**
 * Per-channel tip rotation, as pure functions over a small state that the
 * store keeps in the `rotations` table.
 *
 * - A cycle is a shuffled order of every tip id; the channel walks it one tip
 *   per local day, so no tip repeats until every tip has been posted there.
 * - The shuffle is seeded from platform + channel + cycle, so it is the same
 *   after a restart and differs between channels.
 * - Tips added to the knowledge mid-cycle are appended (shuffled) to the
 *   current order, so they come up before the cycle ends; removed tips stay in
 *   the stored order but are skipped.
 * - A new cycle never starts with the tip that ended the previous one.
 */

export interface RotationState {
  /** 1, 2, …: how many times the channel has started a full pass. */
  readonly cycle: number;
  /** Index into `order` of the next tip to use. */
  readonly position: number;
  /** Tip ids in the order this cycle posts them (may hold ids since removed). */
  readonly order: readonly string[];
}

/** FNV-1a, 32 bits: a stable hash for seeding. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny deterministic PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Fisher–Yates shuffle of `ids` driven by a PRNG seeded with `seedText`. */
export function seededShuffle(ids: readonly string[], seedText: string): string[] {
  const out = [...ids];
  const rand = mulberry32(hash32(seedText));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The seed key of a channel's rotation. */
export function rotationKey(platform: string, channelId: string): string {
  return `${platform}:${channelId}`;
}

function newCycle(cycle: number, tipIds: readonly string[], key: string, avoidFirst?: string): RotationState {
  const order = seededShuffle(tipIds, `${key}:cycle:${cycle}`);
  if (avoidFirst !== undefined && order.length > 1 && order[0] === avoidFirst) {
    [order[0], order[1]] = [order[1]!, order[0]!];
  }
  return { cycle, position: 0, order };
}

/** The state with tips that are not in the order yet appended, shuffled. */
function withNewTips(state: RotationState, tipIds: readonly string[], key: string): RotationState {
  const known = new Set(state.order);
  const added = tipIds.filter((id) => !known.has(id));
  if (added.length === 0) return state;
  const shuffled = seededShuffle(added, `${key}:cycle:${state.cycle}:added:${state.order.length}`);
  return { ...state, order: [...state.order, ...shuffled] };
}

/**
 * The next tip for a channel and the state after taking it; undefined when
 * there are no tips at all. `tipIds` is the current set of tips (any order).
 */
export function advance(
  state: RotationState | undefined,
  tipIds: readonly string[],
  key: string,
): { tipId: string; state: RotationState } | undefined {
  if (tipIds.length === 0) return undefined;
  const current = new Set(tipIds);
  let s = state ? withNewTips(state, tipIds, key) : newCycle(1, tipIds, key);
  for (;;) {
    for (let i = s.position; i < s.order.length; i++) {
      const id = s.order[i]!;
      if (current.has(id)) return { tipId: id, state: { ...s, position: i + 1 } };
    }
    // The cycle is used up: start the next one, not opening with the last tip posted.
    const last = [...s.order].reverse().find((id) => current.has(id));
    s = newCycle(s.cycle + 1, tipIds, key, last);
  }
}

/** What {@link advance} would return, without changing anything. */
export function peek(state: RotationState | undefined, tipIds: readonly string[], key: string): string | undefined {
  return advance(state, tipIds, key)?.tipId;
}

/** How many current tips are still to come in this cycle. */
export function tipsLeft(state: RotationState | undefined, tipIds: readonly string[]): number {
  if (!state) return new Set(tipIds).size;
  const current = new Set(tipIds);
  const known = new Set(state.order);
  let left = 0;
  for (let i = state.position; i < state.order.length; i++) if (current.has(state.order[i]!)) left++;
  for (const id of current) if (!known.has(id)) left++;
  return left;
}
