/**
 * Operation counter for the ReDoS tests: every matcher loop reports the work it does here, so a
 * test can prove that matching time grows linearly with the path length without timing anything.
 * Not exported from the package index; the cost is one integer add per loop.
 *
 * @module
 */

let steps = 0;

/**
 * Adds `n` units of work (characters scanned, table cells filled, states visited).
 * @example
 * ```ts
 * countSteps(segment.length);
 * ```
 */
export function countSteps(n: number): void {
  steps += n;
}

/**
 * Resets the counter and returns its previous value.
 * @example
 * ```ts
 * takeSteps(); map.match(path, 'GET'); const work = takeSteps();
 * ```
 */
export function takeSteps(): number {
  const value = steps;
  steps = 0;
  return value;
}
