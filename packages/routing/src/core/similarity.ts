/**
 * Python's `difflib.SequenceMatcher(None, a, b).ratio()` for short strings, used to suggest the
 * closest endpoint in a `BuildError` as Werkzeug does.
 *
 * @module
 */

function matchingCharacters(a: string, b: string): number {
  // Ratcliff/Obershelp: longest common block, then recurse left and right of it.
  let best = 0;
  let bestA = 0;
  let bestB = 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1]) {
        row[j] = prev[j - 1]! + 1;
        // difflib keeps the earliest longest block (smallest i, then smallest j).
        if (row[j]! > best) {
          best = row[j]!;
          bestA = i - best;
          bestB = j - best;
        }
      }
    }
    prev = row;
  }
  if (best === 0) return 0;
  return (
    best +
    matchingCharacters(a.slice(0, bestA), b.slice(0, bestB)) +
    matchingCharacters(a.slice(bestA + best), b.slice(bestB + best))
  );
}

/**
 * Similarity of two strings in [0, 1]: `2 * matches / (len(a) + len(b))`.
 *
 * @example
 * ```ts
 * similarity('index', 'indx'); // 0.888…
 * ```
 */
export function similarity(a: string, b: string): number {
  const total = a.length + b.length;
  return total ? (2 * matchingCharacters(a, b)) / total : 1;
}
