import type { PipelineTemplate } from '@rivulet/shared-types';
import { cardPayments } from './cardPayments.js';
import { coldChain } from './coldChain.js';
import { shopClicks } from './shopClicks.js';

/** The gallery, in the order it is shown; the first is the demo saved on a first start. */
export const templates: readonly PipelineTemplate[] = [cardPayments, shopClicks, coldChain];
