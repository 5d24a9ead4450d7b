/**
 * How close two words are, in single edits: shared by the index's typo
 * correction and by the reading of misspelt stop words.
 */

/** True when `b` is `a` with two neighbouring letters swapped ("istoi" → "istio"). */
export function isOneSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** True when `a` and `b` are equal or differ by one substitution, insertion, deletion or swap of neighbours. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1) || isOneSwap(a, b);
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return long.slice(i + 1) === short.slice(i); // one insertion or deletion
}

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** True when two letters sit side by side, or one above the other, on a QWERTY keyboard. */
export function areKeyNeighbours(x: string, y: string): boolean {
  const at = (c: string): [number, number] | undefined => {
    const row = KEYBOARD_ROWS.findIndex((r) => r.includes(c));
    return row < 0 ? undefined : [row, KEYBOARD_ROWS[row]!.indexOf(c)];
  };
  const a = at(x);
  const b = at(y);
  if (!a || !b || x === y) return false;
  // Rows are offset by about half a key: a key touches the two below it.
  if (a[0] === b[0]) return Math.abs(a[1] - b[1]) === 1;
  const [up, down] = a[0] < b[0] ? [a, b] : [b, a];
  return down[0] - up[0] === 1 && (down[1] === up[1] || down[1] === up[1] - 1);
}

/**
 * True when `a` and `b` (same length) differ in one letter only, and that
 * letter was hit on a neighbouring key ("abour" for "about"), the way a typo
 * changes a letter; "smoke" is not a typo of "spoke".
 */
export function isKeyboardSlip(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length && a.slice(i + 1) === b.slice(i + 1) && areKeyNeighbours(a[i]!, b[i]!);
}
