import { cardPayments } from './cardPayments';
import { coldChain } from './coldChain';
import { shopClicks } from './shopClicks';
import type { PipelineTemplate } from './types';

export type { PipelineTemplate } from './types';

/** The gallery, in the order it is shown. */
export const templates: readonly PipelineTemplate[] = [cardPayments, shopClicks, coldChain];
