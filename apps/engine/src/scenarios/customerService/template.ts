import type { PipelineTemplate } from '@rivulet/shared-types';

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

export const SERVICE_TEMPLATE: PipelineTemplate = {
  slug: 'customer-service',
  title: 'Customer service: routing and escalations, measured',
  summary:
    'Customer messages routed by whole-word keywords (hasAnyWord) to billing, delivery, technical or cancellation; queue load per route every 10 s and waits per route each minute; escalations for repeated anger, waits over 10 min and gold customers cancelling.',
  scenario: 'conversations',
  document: {
    version: 1,
    name: 'Customer service',
    nodes: [
      {
        id: 'messages',
        type: 'source.generator',
        params: {
          scenario: 'conversations',
          ratePerSec: SERVICE_RATE_PER_SEC,
          // Start two minutes back, replayed at once: the dashboard tells its story within seconds.
          backlog: '2m',
          // The watermark follows the clock between messages: the negative-streak pattern fires
          // when it passes the third angry message, without waiting for the next message.
          clockWatermark: '20ms',
          seed: 1,
          ...SERVICE_SETTINGS,
        },
        position: { x: 0, y: 200 },
      },
      {
        id: 'route',
        type: 'map',
        params: { fields: { route: `from == 'customer' ? (${routeExpression()}) : null` } },
        position: { x: 240, y: 200 },
      },
      {
        id: 'byConversation',
        type: 'keyBy',
        params: { fields: ['conversationId'] },
        position: { x: 480, y: 200 },
      },
      {
        id: 'angry',
        type: 'pattern',
        params: {
          steps: [
            {
              name: 'negative',
              where: "from == 'customer' && sentiment < -0.5",
              times: { min: 3 },
            },
          ],
          within: '2h',
        },
        position: { x: 720, y: 0 },
      },
      {
        id: 'angryAlert',
        type: 'map',
        params: {
          fields: {
            rule: "'negative_streak'",
            conversationId: 'conversationId',
            messageNo: 'negative[2].messageNo',
            customerId: 'negative[2].customerId',
            text: 'negative[2].text',
            reason: "'Three angry messages in a row'",
          },
          keep: false,
        },
        position: { x: 960, y: 0 },
      },
      {
        id: 'slowAnswer',
        type: 'filter',
        params: { expr: "from == 'agent' && waitSec > 600" },
        position: { x: 720, y: 120 },
      },
      {
        id: 'slowAlert',
        type: 'map',
        params: {
          fields: {
            rule: "'long_wait'",
            conversationId: 'conversationId',
            messageNo: 'messageNo',
            customerId: 'customerId',
            waitMin: 'round(waitSec / 60)',
            reason: "'Waited over 10 minutes for an answer'",
          },
          keep: false,
        },
        position: { x: 960, y: 120 },
      },
      {
        id: 'goldLeaving',
        type: 'filter',
        params: { expr: "tier == 'gold' && route == 'cancellation'" },
        position: { x: 720, y: 240 },
      },
      {
        id: 'goldAlert',
        type: 'map',
        params: {
          fields: {
            rule: "'vip_cancellation'",
            conversationId: 'conversationId',
            messageNo: 'messageNo',
            customerId: 'customerId',
            text: 'text',
            reason: "'A gold customer asking to cancel'",
          },
          keep: false,
        },
        position: { x: 960, y: 240 },
      },
      { id: 'allEscalations', type: 'union', params: {}, position: { x: 1200, y: 120 } },
      {
        id: 'oncePerConversation',
        type: 'dedupe',
        params: { fields: ['conversationId'], ttl: '2h' },
        position: { x: 1440, y: 120 },
      },
      {
        id: 'escalations',
        type: 'sink.dashboard',
        params: { title: 'Escalations', widget: 'cards', labelField: 'customerId' },
        position: { x: 1680, y: 40 },
      },
      {
        id: 'escalationReasons',
        type: 'sink.dashboard',
        params: { title: 'Escalations by reason', widget: 'bar', field: 'rule' },
        position: { x: 1680, y: 200 },
      },
      {
        id: 'customerMessages',
        type: 'filter',
        params: { expr: "from == 'customer'" },
        position: { x: 240, y: 400 },
      },
      { id: 'byRoute', type: 'keyBy', params: { fields: ['route'] }, position: { x: 480, y: 400 } },
      {
        id: 'load',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '10s',
          aggregations: [
            { fn: 'count', as: 'messages' },
            { fn: 'countDistinct', field: 'conversationId', as: 'conversations' },
            { fn: 'avg', field: 'sentiment', as: 'mood' },
          ],
        },
        position: { x: 720, y: 400 },
      },
      {
        id: 'queueLoad',
        type: 'sink.dashboard',
        params: {
          title: 'Messages per route per 10 s',
          widget: 'line',
          field: 'messages',
          labelField: 'route',
        },
        position: { x: 960, y: 400 },
      },
      {
        id: 'openingMessages',
        type: 'filter',
        params: { expr: "messageNo == 1 && from == 'customer'" },
        position: { x: 480, y: 520 },
      },
      {
        id: 'firstByConversation',
        type: 'keyBy',
        params: { fields: ['conversationId'] },
        position: { x: 720, y: 520 },
      },
      {
        id: 'answers',
        type: 'filter',
        params: { expr: "from == 'agent'" },
        position: { x: 480, y: 640 },
      },
      {
        id: 'answersByConversation',
        type: 'keyBy',
        params: { fields: ['conversationId'] },
        position: { x: 720, y: 640 },
      },
      {
        id: 'answerRoute',
        type: 'join.interval',
        params: { lowerBound: '-2h', upperBound: '0s', rightPrefix: 'opening_' },
        position: { x: 960, y: 580 },
      },
      {
        id: 'answersByRoute',
        type: 'keyBy',
        params: { fields: ['opening_route'] },
        position: { x: 1200, y: 580 },
      },
      {
        id: 'waits',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '1m',
          aggregations: [
            { fn: 'avg', field: 'waitSec', as: 'avgWaitSec' },
            { fn: 'max', field: 'waitSec', as: 'maxWaitSec' },
            { fn: 'count', as: 'answers' },
          ],
        },
        position: { x: 1440, y: 580 },
      },
      {
        id: 'waitChart',
        type: 'sink.dashboard',
        params: {
          title: 'Average wait per route (s)',
          widget: 'line',
          field: 'avgWaitSec',
          labelField: 'opening_route',
        },
        position: { x: 1680, y: 520 },
      },
      {
        id: 'waitTable',
        type: 'sink.dashboard',
        params: { title: 'Waits per route', widget: 'table' },
        position: { x: 1680, y: 640 },
      },
      {
        // The escalations of all conversations together (they are keyed per conversation here).
        id: 'allConversations',
        type: 'keyBy',
        params: { fields: [] },
        position: { x: 1560, y: 320 },
      },
      {
        id: 'escalationsPerHour',
        type: 'window',
        params: {
          kind: 'sliding',
          size: '1h',
          slide: '1m',
          aggregations: [{ fn: 'count', as: 'escalations' }],
        },
        position: { x: 1680, y: 320 },
      },
      {
        id: 'escalationCount',
        type: 'sink.dashboard',
        params: { title: 'Escalations in the last hour', widget: 'number', field: 'escalations' },
        position: { x: 1920, y: 320 },
      },
    ],
    edges: [
      { id: 'e1', source: 'messages', target: 'route' },
      { id: 'e2', source: 'route', target: 'byConversation' },
      { id: 'e3', source: 'byConversation', target: 'angry' },
      { id: 'e4', source: 'angry', target: 'angryAlert' },
      { id: 'e5', source: 'byConversation', target: 'slowAnswer' },
      { id: 'e6', source: 'slowAnswer', target: 'slowAlert' },
      { id: 'e7', source: 'byConversation', target: 'goldLeaving' },
      { id: 'e8', source: 'goldLeaving', target: 'goldAlert' },
      { id: 'e9', source: 'angryAlert', target: 'allEscalations' },
      { id: 'e10', source: 'slowAlert', target: 'allEscalations' },
      { id: 'e11', source: 'goldAlert', target: 'allEscalations' },
      { id: 'e12', source: 'allEscalations', target: 'oncePerConversation' },
      { id: 'e13', source: 'oncePerConversation', target: 'escalations' },
      { id: 'e14', source: 'oncePerConversation', target: 'escalationReasons' },
      { id: 'e15', source: 'route', target: 'customerMessages' },
      { id: 'e16', source: 'customerMessages', target: 'byRoute' },
      { id: 'e17', source: 'byRoute', target: 'load' },
      { id: 'e18', source: 'load', target: 'queueLoad' },
      { id: 'e19', source: 'route', target: 'openingMessages' },
      { id: 'e20', source: 'openingMessages', target: 'firstByConversation' },
      { id: 'e21', source: 'route', target: 'answers' },
      { id: 'e22', source: 'answers', target: 'answersByConversation' },
      { id: 'e23', source: 'answersByConversation', target: 'answerRoute', targetHandle: 'left' },
      { id: 'e24', source: 'firstByConversation', target: 'answerRoute', targetHandle: 'right' },
      { id: 'e25', source: 'answerRoute', target: 'answersByRoute' },
      { id: 'e26', source: 'answersByRoute', target: 'waits' },
      { id: 'e27', source: 'waits', target: 'waitChart' },
      { id: 'e28', source: 'waits', target: 'waitTable' },
      { id: 'e29', source: 'oncePerConversation', target: 'allConversations' },
      { id: 'e31', source: 'allConversations', target: 'escalationsPerHour' },
      { id: 'e30', source: 'escalationsPerHour', target: 'escalationCount' },
    ],
  },
};
