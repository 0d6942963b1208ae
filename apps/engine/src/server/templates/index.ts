import type { PipelineTemplate } from '@rivulet/shared-types';
import { scenarios } from '../../scenarios/index.js';
import { cardPayments } from './cardPayments.js';
import { coldChain } from './coldChain.js';
import { kafkaClicks } from './kafkaClicks.js';
import { shopClicks } from './shopClicks.js';

/**
 * The gallery, in the order it is shown; the first is the demo saved on a first start. The
 * measured scenarios (fraud, logistics, recommendation, customer service) follow the three
 * simple demos; their data files come from `templateDataFiles`. Last, the one that needs a
 * broker running beside the studio.
 */
export const templates: readonly PipelineTemplate[] = [
  cardPayments,
  shopClicks,
  coldChain,
  ...scenarios.map((s) => s.template),
  kafkaClicks,
];
