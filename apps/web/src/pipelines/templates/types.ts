import type { PipelineDocument } from '@rivulet/shared-types';

/** A ready-to-run pipeline of the gallery, built on one of the generator's scenarios. */
export interface PipelineTemplate {
  /** Stable id: `template-<slug>` in the gallery. */
  slug: string;
  title: string;
  summary: string;
  scenario: 'transactions' | 'clickstream' | 'sensors';
  document: PipelineDocument;
}
