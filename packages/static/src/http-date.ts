const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// The three HTTP-date forms of RFC 9110 §5.6.7. Werkzeug's parse_date (email.utils) reads these
// and treats a missing zone as UTC; `Date.parse` would read asctime dates in local time and also
// accept ISO strings that Flask ignores, so the forms are matched explicitly.
const IMF_FIXDATE = /^[A-Za-z]{3},\s*(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s*(?:GMT|UTC|UT|\+0000|-0000)?$/;
const RFC_850 = /^[A-Za-z]+,\s*(\d{1,2})-([A-Za-z]{3})-(\d{2}|\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s*(?:GMT|UTC)?$/;
const ASCTIME = /^[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$/;

/**
 * Parses an HTTP date to epoch seconds, or `null` when it is not one (then Werkzeug ignores the
 * header, and so do we).
 *
 * @example
 * ```ts
 * parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT'); // 784111777
 * parseHttpDate('yesterday');                     // null
 * ```
 */
export function parseHttpDate(value: string | undefined): number | null {
  if (!value) return null;
  const text = value.trim();
  let parts: [string, string, string, string, string, string] | null = null;
  let match = IMF_FIXDATE.exec(text) ?? RFC_850.exec(text);
  if (match) parts = [match[3]!, match[2]!, match[1]!, match[4]!, match[5]!, match[6]!];
  else if ((match = ASCTIME.exec(text))) parts = [match[6]!, match[1]!, match[2]!, match[3]!, match[4]!, match[5]!];
  if (parts === null) return null;
  const [yearText, monthText, day, hour, minute, second] = parts;
  const month = MONTHS.indexOf(monthText.toLowerCase());
  if (month < 0) return null;
  let year = Number(yearText);
  // RFC 850's two-digit years: the email module's rule (< 50 → 20xx, else 19xx).
  if (yearText.length === 2) year += year < 50 ? 2000 : 1900;
  const ms = Date.UTC(year, month, Number(day), Number(hour), Number(minute), Number(second));
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

/**
 * Formats epoch seconds (fractions dropped, as Werkzeug's `http_date`) as an IMF-fixdate.
 *
 * @example
 * ```ts
 * formatHttpDate(784111777.9); // 'Sun, 06 Nov 1994 08:49:37 GMT'
 * ```
 */
export function formatHttpDate(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toUTCString();
}
