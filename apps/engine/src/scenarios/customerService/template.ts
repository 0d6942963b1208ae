import { readTemplate } from '../../server/templates/read.js';

export const SERVICE_SETTINGS = { customers: 2000, agents: 12, escalationRate: 0.1 };
export const SERVICE_RATE_PER_SEC = 10;

/**
 * Keyword routing, first match wins: cancellation first (a customer who wants to leave is
 * retention's whatever else they mention), then billing, delivery, technical; else general.
 * Whole words and phrases (hasAnyWord), so "owe" never matches "showed" nor "app" "approve".
 *
 * The words are what a support team would list for each queue from experience (synonyms and
 * the usual inflections, since whole words do not stem), chosen without reading the held-out
 * phrasing of the generator (conversations-heldout.ts) and not tuned on it: routing accuracy
 * is measured on those held-out messages.
 */
// prettier-ignore
export const ROUTES: readonly (readonly [string, readonly string[]])[] = [
  [
    'cancellation',
    [
      'cancel*', 'terminat*', 'close my account', 'close the account', 'delete my account',
      'delete my data', 'unsubscrib*', 'end my subscription', 'end the subscription',
      'stop my subscription', 'stop my membership', 'end my membership', 'end my contract',
      'quit*', 'leave', 'leaving', 'switching', 'opt out', 'deactivat*', "don't renew",
      'do not renew', 'renewing', 'auto renewal', "i'm done", "i'm out", 'want out',
    ],
  ],
  [
    'billing',
    [
      'invoic*', 'bill', 'billed', 'billing', 'charg*', 'overcharg*', 'refund*', 'reimburs*',
      'payment*', 'paid', 'pay', 'debit*', 'money', 'owe', 'fee', 'fees', 'price*', 'receipt*',
      'vat', 'transaction*', 'statement*', 'balance', 'credited', 'discount*', 'overdrawn',
      'amount*',
    ],
  ],
  [
    'delivery',
    [
      'parcel*', 'package*', 'deliver*', 'courier*', 'driver', 'track*', 'shipment*', 'ship*',
      'dispatch*', 'arriv*', 'late', 'later', 'lost', 'missing', 'damaged', 'box', 'address',
      'carrier', 'postman', 'locker', 'pick up', 'order', 'warehouse',
    ],
  ],
  [
    'technical',
    [
      'error*', 'bug*', 'crash*', 'app', 'apps', 'application', 'website', 'site', 'page',
      'login*', 'log in', 'logging in', 'logs me out', 'sign in', 'password*', 'verification',
      'code', 'codes', '2fa', 'two factor', 'load*', 'freez*', 'frozen', 'stuck', 'slow',
      'timeout', 'times out', 'updat*', 'install*', 'reinstall*', 'browser', 'screen',
      'locked', 'session', 'notification*', 'button', 'upload*', 'not working',
      "doesn't work", 'does not work',
    ],
  ],
];

const quote = (word: string) => `'${word.replace(/'/g, "\\'")}'`;

/** The route as one expression: a chain of ?: over hasAnyWord(text, …). */
export function routeExpression(): string {
  return ROUTES.reduceRight(
    (otherwise, [route, words]) =>
      `hasAnyWord(text, ${words.map(quote).join(', ')}) ? '${route}' : ${otherwise}`,
    "'general'",
  );
}

/**
 * The same keywords with substring matching (contains(lower(text), …), a `*` dropped), as the
 * template routed before word boundaries: a baseline the evaluation computes on the same messages.
 */
export function substringRoute(text: string): string {
  const lower = text.toLowerCase();
  for (const [route, words] of ROUTES)
    if (words.some((w) => lower.includes(w.replace(/\*$/, '')))) return route;
  return 'general';
}

/** The document: apps/engine/templates/customer-service.json (agree.test.ts checks it uses the values above). */
export const SERVICE_TEMPLATE = readTemplate('customer-service');
