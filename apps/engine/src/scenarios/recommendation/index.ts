import { runBounded, START_TIME } from '../harness.js';
import { round } from '../metrics.js';
import { goal, type Metrics, type Scenario } from '../types.js';
import { lastClicked, popular, trending } from './baselines.js';
import {
  evaluateRecommenders,
  listsOf,
  listsRecommender,
  type Interaction,
  type PredictiveScores,
} from './predictive.js';
import { RECOMMENDATION_TEMPLATE, SHOP_RATE_PER_SEC, SHOP_SETTINGS } from './template.js';

const MINUTE = 60_000;
/**
 * Interactions before this are not scored (for any method): the pipeline's "also viewed" lists
 * count 30 min of sessions every 5 min, so the first ones exist from minute 5; the baselines
 * are as cold at the start.
 */
const WARM_UP_MS = 6 * MINUTE;
/** The "recently trending" baseline counts the interactions of the last this many ms. */
const TRENDING_WINDOW_MS = 5 * MINUTE;
/** Margin each goal holds the pipeline above the best baseline by. */
export const MARGIN = { hitAt10: 0.05, ndcgAt10: 0.02 };

export interface RecommendationOptions {
  seed: number;
  events: number;
  /** Shoppers (the template's 500 unless set): more of them, fewer clicks each. */
  users?: number;
}

const rounded = (s: PredictiveScores): Metrics => ({
  hitAt10: round(s.hitAt10),
  ndcgAt10: round(s.ndcgAt10),
  coverage: round(s.coverage),
  novelty: round(s.novelty, 2),
  hitAt10NewItems: round(s.hitAt10NewItems),
  evaluated: s.evaluated,
});

/** The bounded run and its scores; `users` overrides the template's shoppers. */
export async function evaluateRecommendation({ seed, events, users }: RecommendationOptions) {
  const span = (events / SHOP_RATE_PER_SEC) * 1000;
  const interactions: Interaction[] = [];
  const run = await runBounded(RECOMMENDATION_TEMPLATE.document, {
    seed,
    events,
    eventId: (r) => `${r.sessionId as string}@${r.ts as number}`,
    observe: (r) =>
      interactions.push({
        userId: r.userId as string,
        itemId: r.itemId as string,
        ts: r.ts as number,
      }),
    ...(users === undefined ? {} : { params: { users } }),
  });
  const records = (run.captured.get('recommendations') ?? []).map((c) => c.record) as {
    userId: string;
    itemId: string;
    rank: number;
    windowStart: number;
  }[];
  const lists = listsOf(records);
  const scores = evaluateRecommenders(
    interactions,
    {
      pipeline: listsRecommender(lists),
      popular: popular(),
      trending: trending(TRENDING_WINDOW_MS),
      lastClicked: lastClicked(),
    },
    { from: START_TIME + WARM_UP_MS, catalogue: SHOP_SETTINGS.items },
  );
  return {
    span,
    listCount: lists.length,
    scores,
    shoppers: users ?? SHOP_SETTINGS.users,
  };
}

export const recommendation: Scenario = {
  name: 'recommendation',
  title: RECOMMENDATION_TEMPLATE.title,
  template: RECOMMENDATION_TEMPLATE,
  defaults: { seed: 1, events: 60_000 },
  dataFiles: () => [],
  async evaluate({ seed, events }) {
    const { span, listCount, scores, shoppers } = await evaluateRecommendation({ seed, events });
    const { pipeline, popular: pop, trending: trend, lastClicked: last } = scores;
    const baselines = { popular: pop!, trending: trend!, lastClicked: last! };
    const goals = (['hitAt10', 'ndcgAt10'] as const).flatMap((key) =>
      (Object.keys(baselines) as (keyof typeof baselines)[]).map((name) => {
        const ours = pipeline![key];
        const theirs = baselines[name][key];
        const lead = ours === null || theirs === null ? null : round(ours - theirs);
        return goal(`${key} > baselines.${name}.${key} + ${MARGIN[key]}`, lead, '>=', MARGIN[key]);
      }),
    );
    return {
      scenario: 'recommendation',
      seed,
      events,
      notes: [
        `The template bounded, paced at its ${SHOP_RATE_PER_SEC} clicks/s on a virtual clock: ${(span / MINUTE).toFixed(0)} min of event time; ${shoppers} shoppers, ${SHOP_SETTINGS.items} items; ${listCount} lists emitted (one per click).`,
        `Each interaction (view, cart, purchase) from minute ${WARM_UP_MS / MINUTE} on is scored against the shopper's list in force just before it: the pipeline's list of the shopper's previous click; the baselines' lists from the interactions before it (popular and trending re-ranked every second of event time).`,
        `Baselines: popular = the 10 items most interacted with since the start; trending = the 10 most in the last ${TRENDING_WINDOW_MS / MINUTE} min; lastClicked = the shopper's last 10 distinct items, the latest first.`,
        'hitAt10: share of interactions whose item is in the list; ndcgAt10: mean 1/log2(1 + rank) (0 when absent); coverage: share of the catalogue in some scored list; novelty: mean −log2 popularity of listed items; hitAt10NewItems: hitAt10 on items the shopper never interacted with before.',
        "Goals: the pipeline ahead of every baseline by the margin in the goal's name; a goal's value is the pipeline's lead.",
      ],
      metrics: {
        ...rounded(pipeline!),
        baselines: {
          popular: rounded(baselines.popular),
          trending: rounded(baselines.trending),
          lastClicked: rounded(baselines.lastClicked),
        },
      },
      goals,
    };
  },
};
