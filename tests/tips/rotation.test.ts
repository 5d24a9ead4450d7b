import { describe, expect, it } from 'vitest';
import { advance, peek, seededShuffle, tipsLeft, type RotationState } from '../../src/tips/rotation.js';

const ids = (n: number, prefix = 't') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function take(n: number, tipIds: readonly string[], key: string, start?: RotationState) {
  let state = start;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = advance(state, tipIds, key)!;
    out.push(r.tipId);
    state = r.state;
  }
  return { out, state: state! };
}

describe('rotation', () => {
  it('posts every tip once before any repeats, and is deterministic per channel', () => {
    const tips = ids(40);
    const { out } = take(40, tips, 'slack:C1');
    expect(new Set(out).size).toBe(40);
    expect(take(40, tips, 'slack:C1').out).toEqual(out);
    expect(out).not.toEqual(tips); // actually shuffled
  });

  it('gives different channels different orders', () => {
    const tips = ids(40);
    expect(take(10, tips, 'slack:C1').out).not.toEqual(take(10, tips, 'slack:C2').out);
    expect(take(10, tips, 'slack:C1').out).not.toEqual(take(10, tips, 'discord:C1').out);
  });

  it('starts a new, differently shuffled cycle without repeating at the seam', () => {
    const tips = ids(8);
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      const { out, state } = take(16, tips, key);
      expect(new Set(out.slice(0, 8)).size).toBe(8);
      expect(new Set(out.slice(8)).size).toBe(8);
      expect(out[8]).not.toBe(out[7]);
      expect(state.cycle).toBe(2);
    }
  });

  it('includes tips added mid-cycle and skips removed ones', () => {
    const tips = ids(10);
    const first = take(4, tips, 'k');
    const removed = first.state.order[6]!; // still to come
    const now = [...tips.filter((t) => t !== removed), 'new1', 'new2'];
    expect(tipsLeft(first.state, now)).toBe(6 - 1 + 2);
    const rest = take(7, now, 'k', first.state);
    expect(rest.out).not.toContain(removed);
    expect(rest.out).toEqual(expect.arrayContaining(['new1', 'new2']));
    expect(new Set([...first.out, ...rest.out]).size).toBe(11);
    expect(rest.state.cycle).toBe(1);
    expect(tipsLeft(rest.state, now)).toBe(0);
  });

  it('peek does not move, and an empty set gives nothing', () => {
    const tips = ids(5);
    const { state } = take(2, tips, 'k');
    expect(peek(state, tips, 'k')).toBe(advance(state, tips, 'k')!.tipId);
    expect(state.position).toBe(2);
    expect(advance(undefined, [], 'k')).toBeUndefined();
    expect(tipsLeft(undefined, tips)).toBe(5);
  });

  it('shuffles with a seed', () => {
    expect(seededShuffle(ids(20), 'x')).toEqual(seededShuffle(ids(20), 'x'));
    expect(seededShuffle(ids(20), 'x').sort()).toEqual(ids(20).sort());
  });
});
