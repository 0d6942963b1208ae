import { registry, SCENARIO_FIELDS } from '@rivulet/operators';
import { describe, expect, it } from 'vitest';
import { validatePipeline } from '../../validate.js';
import { runBounded } from '../../scenarios/harness.js';
import { templateBySlug, templates } from './index.js';
import { templateSlugs } from './read.js';

const isSource = (type: string) => registry.get(type)?.kind === 'source';
const cardPayments = templateBySlug('card-payments')!;
const kafkaClicks = templateBySlug('kafka-clicks')!;

describe('templates', () => {
  it('have unique slugs', () => {
    expect(new Set(templates.map((t) => t.slug)).size).toBe(templates.length);
  });

  it('are the JSON files of the templates folder, every one of them in the gallery', () => {
    expect(templates.map((t) => t.slug).sort()).toEqual(templateSlugs());
  });

  it.each(templates.map((t) => [t.slug, t] as const))(
    '%s is valid for the engine and runs live',
    (_slug, t) => {
      const result = validatePipeline(t.document);
      expect(result.ok ? [] : result.problems).toEqual([]);
      const sources = t.document.nodes.filter((n) => isSource(n.type));
      expect(sources.length).toBeGreaterThan(0);
      // Generated data runs for ever at a given rate; a connector reads what its broker has.
      for (const s of sources.filter((n) => n.type === 'source.generator')) {
        expect(s.params).toMatchObject({ scenario: t.scenario, ratePerSec: expect.any(Number) });
        expect(s.params).not.toHaveProperty('limit');
      }
      expect(t.document.nodes.some((n) => n.type === 'sink.dashboard')).toBe(true);
    },
  );
});

describe('Card payments', () => {
  it('counts per merchant category, alerts from rules, and shows the labels only as ground truth', async () => {
    const run = await runBounded(cardPayments.document, {
      seed: 1,
      events: 20_000,
      eventId: (r) => r.txId as string,
    });
    const windows = (run.captured.get('largePayments') ?? []).map((c) => c.record);
    expect(windows.length).toBeGreaterThan(20);
    // Not a window per card that counts 1: categories differ, and each window holds many cards.
    expect(new Set(windows.map((w) => w.payments)).size).toBeGreaterThan(10);
    expect(Math.max(...windows.map((w) => w.payments as number))).toBeGreaterThan(500);
    expect(Math.max(...windows.map((w) => w.cards as number))).toBeGreaterThan(500);
    const alerts = (run.captured.get('fraudAlerts') ?? []).map((c) => c.record);
    expect(new Set(alerts.map((a) => a.rule))).toEqual(new Set(['velocity', 'credential change']));
    for (const a of alerts) expect(a).not.toHaveProperty('isFraud');
    const truth = run.captured.get('groundTruth') ?? [];
    expect(truth.length).toBeGreaterThan(0);
    expect(truth.every((c) => c.record.isFraud === true)).toBe(true);
    expect(cardPayments.document.nodes.find((n) => n.id === 'groundTruth')?.params.title).toMatch(
      /^Ground truth/,
    );
  });
});

// Waits for the Kafka connectors: until they are registered the template cannot validate.
describe.skipIf(!registry.get('source.kafka') || !registry.get('sink.kafka'))(
  'Shop clicks on Kafka',
  () => {
    it('is in the gallery', () => {
      expect(templates).toContain(kafkaClicks);
    });

    it('tells the user what to start before running it', () => {
      expect(kafkaClicks.summary).toContain(
        'Needs a Kafka broker on 127.0.0.1:9092: run `npm run kafka` (starts one and writes the clickstream into `clicks`).',
      );
    });

    it('reads the clicks `npm run kafka` writes, by their event time, and writes recommendations exactly once', () => {
      const nodes = kafkaClicks.document.nodes;
      const source = nodes.find((n) => n.type === 'source.kafka')!;
      expect(source.params).toMatchObject({
        bootstrapServers: ['127.0.0.1:9092'],
        topic: 'clicks',
        groupId: 'rivulet-shop-clicks',
        eventTime: { field: 'ts', maxOutOfOrderness: '2s', idleTimeout: '10s' },
      });
      expect(SCENARIO_FIELDS[kafkaClicks.scenario]).toContain('ts');
      const sink = nodes.find((n) => n.type === 'sink.kafka')!;
      expect(sink.params).toMatchObject({
        bootstrapServers: ['127.0.0.1:9092'],
        topic: 'recommendations',
        key: 'userId',
        delivery: 'exactly-once',
      });
      for (const field of ['userId', 'itemId', 'type', 'category'])
        expect(SCENARIO_FIELDS.clickstream).toContain(field);
    });
  },
);
