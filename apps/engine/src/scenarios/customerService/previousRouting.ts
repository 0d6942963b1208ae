/**
 * The template's routing before issue 14, kept as a baseline: keywords written against the
 * generator's phrase bank, matched as substrings of the lower-cased text, first match wins.
 */
// prettier-ignore
const PREVIOUS_ROUTES: readonly (readonly [string, readonly string[]])[] = [
  ['cancellation', ['cancel', 'close my account', 'terminate', "i'm done", "i'm leaving", "i'm out"]],
  ['billing', ['invoice', 'charge', 'refund', 'payment', 'bill', 'paid', 'debit', 'owe', 'money']],
  ['delivery', ['parcel', 'tracking', 'late', 'courier', 'package', 'deliver', 'order']],
  ['technical', ['error', 'login', 'crash', 'app', 'password', 'website', 'loading', 'logs me out']],
];

export function previousRoute(text: string): string {
  const lower = text.toLowerCase();
  for (const [route, words] of PREVIOUS_ROUTES)
    if (words.some((w) => lower.includes(w))) return route;
  return 'general';
}
