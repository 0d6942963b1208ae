import type { PipelineTemplate } from '@rivulet/shared-types';
import { scenarios } from '../../scenarios/index.js';
import { readTemplate } from './read.js';

/**
 * The gallery, in the order it is shown; the first is the demo saved on a first start. The
 * documents are JSON files in `apps/engine/templates` (read.ts). The measured scenarios (fraud,
 * logistics, recommendation, customer service) follow the three simple demos; their data files
 * come from `templateDataFiles`. Last, the one that needs a broker running beside the studio.
 */
export const templates: readonly PipelineTemplate[] = [
  readTemplate('card-payments'),
  readTemplate('shop-clicks'),
  readTemplate('cold-chain'),
  ...scenarios.map((s) => s.template),
  readTemplate('kafka-clicks'),
];

export const templateBySlug = (slug: string): PipelineTemplate | undefined =>
  templates.find((t) => t.slug === slug);
