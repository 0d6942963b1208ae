// The engine's network clients for connectors, given to operators through their context. The
// client libraries take about a second to load, so a run loads only those its nodes use.
import type { KafkaNet, MqttNet, OperatorNet } from '@rivulet/operators';

let kafka: KafkaNet | null = null;
let mqtt: MqttNet | null = null;

/** Loads the clients that nodes of these types need (all of them when no type is given). */
export async function loadConnectors(types?: Iterable<string>): Promise<void> {
  const wanted = types ? [...types] : ['source.kafka', 'source.mqtt'];
  if (wanted.some((t) => t.endsWith('.kafka'))) kafka ??= (await import('./kafka.js')).kafkaNet;
  if (wanted.some((t) => t.endsWith('.mqtt'))) mqtt ??= (await import('./mqtt.js')).mqttNet;
}

const unloaded = (name: string) => () => {
  throw new Error(`the ${name} client is not loaded: the engine calls loadConnectors() first`);
};

/** The clients every job uses unless given others: those loaded so far. */
export function engineNet(): OperatorNet {
  return {
    get kafka() {
      return kafka ?? { consumer: unloaded('Kafka'), producer: unloaded('Kafka') };
    },
    get mqtt() {
      return mqtt ?? { subscribe: unloaded('MQTT'), publisher: unloaded('MQTT') };
    },
  };
}
