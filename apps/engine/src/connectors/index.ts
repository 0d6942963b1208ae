// The engine's network clients for connectors, given to operators through their context.
import type { OperatorNet } from '@rivulet/operators';
import { kafkaNet } from './kafka.js';
import { mqttNet } from './mqtt.js';

/** The clients every job uses unless given others. */
export function engineNet(): OperatorNet {
  return { kafka: kafkaNet, mqtt: mqttNet };
}
