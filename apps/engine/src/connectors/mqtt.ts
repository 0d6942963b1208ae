// MQTT for the connectors, on mqtt.js v5 (MQTT 3.1.1): it reconnects by itself, resends
// unacknowledged QoS 1 messages after a reconnect, and processes incoming packets one at a time
// through `handleMessage`, which is what lets a subscription stop reading when it is full.
import { connect, type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import type {
  ConnectionState,
  MqttClientOptions,
  MqttMessage,
  MqttNet,
  MqttPublisher,
  MqttSubscription,
} from '@rivulet/operators';

/**
 * Messages a subscription holds for the source before it stops reading from the broker. Past
 * it the next message is not acknowledged until the source has taken some: mqtt.js reads no
 * further packet meanwhile, so TCP and then the broker hold the rest. The broker keeps QoS 1
 * messages in the session's queue (within its limit, mosquitto's `max_queued_messages`, 1000 by
 * default); QoS 0 messages it cannot deliver to a slow client it drops.
 */
export const RECEIVE_QUEUE = 1000;
/** Messages (or bytes) published but not yet sent or acknowledged before the sink waits. */
export const PUBLISH_HIGH_WATER = 1000;
export const PUBLISH_HIGH_WATER_BYTES = 8 * 1024 * 1024;
/** How long closing a publisher waits for the acknowledgement of what it was given. */
export const CLOSE_TIMEOUT_MS = 10_000;
/**
 * Seconds between keep-alive pings. A subscription that stops reading also stops reading pings:
 * when the pipeline holds it up 1.5 times this long, mqtt.js reconnects, and the broker sends
 * again the QoS 1 message it had not had acknowledged (a duplicate, never a loss).
 */
const KEEPALIVE_S = 60;
const RECONNECT_MS = 1000;
const CONNECT_TIMEOUT_MS = 10_000;

/** host:port of a broker URL, without credentials, for messages. */
function address(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host || url;
  } catch {
    return url;
  }
}

/** An error of mqtt.js or the socket in plain words. */
export function plain(error: unknown, url: string): string {
  const err = error as { code?: string | number; message?: string; hostname?: string };
  const at = address(url);
  switch (err.code) {
    case 'ECONNREFUSED':
      return `no broker answers at ${at} (connection refused)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host of ${at} is not found`;
    case 'ETIMEDOUT':
      return `the broker at ${at} does not answer (timed out)`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `the broker at ${at} closed the connection`;
  }
  const message = err.message ?? String(error);
  if (/^connack timeout/i.test(message)) return `the broker at ${at} does not answer (timed out)`;
  const refused = /^Connection refused: (.*)$/i.exec(message);
  if (refused) return `the broker at ${at} refuses the connection: ${refused[1]!.toLowerCase()}`;
  return message;
}

function clientOptions(options: MqttClientOptions, clean: boolean): IClientOptions {
  return {
    clientId: options.clientId,
    clean,
    protocolVersion: 4,
    keepalive: KEEPALIVE_S,
    reconnectPeriod: RECONNECT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // The subscription subscribes again itself when a session was lost (see subscribe()).
    resubscribe: false,
    queueQoSZero: true,
  };
}

/** Keeps a node's connection state in step with the client's events. */
function track(client: MqttClient, connection: ConnectionState, url: string): void {
  connection.status = 'connecting';
  connection.error = null;
  connection.lag = null;
  client.on('connect', () => {
    connection.status = 'connected';
    connection.error = null;
  });
  client.on('reconnect', () => {
    connection.status = 'reconnecting';
  });
  client.on('close', () => {
    if (connection.status !== 'connected' || client.disconnecting) return;
    connection.status = 'reconnecting';
    connection.error ??= `the connection to ${address(url)} was lost`;
  });
  // Listened to always: an 'error' event without a listener would throw.
  client.on('error', (error) => {
    connection.error = plain(error, url);
    if (connection.status === 'connected') connection.status = 'reconnecting';
  });
}

function closed(connection: ConnectionState): void {
  connection.status = null;
  connection.error = null;
}

/**
 * A subscription: a persistent session at QoS 1 (clean session off, the caller's stable client
 * id), so that the broker keeps what is published while the run is away; a clean one at QoS 0.
 * A message is acknowledged once it is in the receive queue.
 */
export function subscribe(
  options: MqttClientOptions & { topic: string },
): MqttSubscription & { queued(): number } {
  const { url, topic, qos, connection } = options;
  const client = connect(url, clientOptions(options, qos === 0));
  track(client, connection, url);
  const queue: MqttMessage[] = [];
  /** The acknowledgement of the message that filled the queue, given once there is room. */
  let held: (() => void) | null = null;
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  let subscribed = false;
  let ended = false;

  client.handleMessage = (packet: IPublishPacket, acknowledge: () => void) => {
    // Closing: not acknowledged, so the broker gives it to the session's next run (QoS 1).
    if (ended) return;
    queue.push({ topic: packet.topic, payload: packet.payload as Buffer, receivedAt: Date.now() });
    wake?.();
    if (queue.length < RECEIVE_QUEUE) acknowledge();
    else held = acknowledge;
  };
  // Subscribes at each connection until the broker has answered once, and again whenever it
  // has no session for us (a clean session, or one it expired): not otherwise, since
  // subscribing again makes it send its retained messages again.
  client.on('connect', (connack) => {
    if (subscribed && connack.sessionPresent && qos === 1) return;
    client.subscribe(topic, { qos }, (error, granted) => {
      if (error) return; // the connection dropped: subscribed again at the next one
      if (granted?.some((g) => g.qos === 128)) {
        failure = new Error(`the broker at ${address(url)} refuses the subscription to "${topic}"`);
        connection.error = failure.message;
        wake?.();
      } else subscribed = true;
    });
  });

  return {
    /** Messages received and not yet polled. */
    queued: () => queue.length,
    async poll(max, waitMs) {
      if (failure) throw failure;
      if (queue.length === 0 && waitMs > 0 && !ended) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            wake = null;
            resolve();
          };
          const timer = setTimeout(done, waitMs);
          wake = done;
        });
        if (failure) throw failure;
      }
      const messages = queue.length <= max ? queue.splice(0) : queue.splice(0, max);
      if (held !== null && queue.length < RECEIVE_QUEUE) {
        const acknowledge = held;
        held = null;
        acknowledge();
      }
      return messages;
    },
    async close() {
      ended = true;
      held = null;
      wake?.();
      // Forced: a graceful end waits for answers that a held message may keep it from reading.
      // Nothing is lost by it: what was not acknowledged is sent again to the next session.
      await client.endAsync(true);
      closed(connection);
    },
  };
}

/** A publisher: a bounded outgoing queue, QoS 1 messages sent again after a reconnect. */
function publisher(options: MqttClientOptions & { retain?: boolean }): MqttPublisher {
  const { url, qos, connection } = options;
  const retain = options.retain ?? false;
  const client = connect(url, clientOptions(options, true));
  track(client, connection, url);
  let pending = 0;
  let pendingBytes = 0;
  let failure: Error | null = null;
  let ending = false;
  const waiting: { ready: () => boolean; resolve: () => void; reject: (e: Error) => void }[] = [];

  const settle = () => {
    for (let i = waiting.length - 1; i >= 0; i--) {
      const w = waiting[i]!;
      if (failure) w.reject(failure);
      else if (w.ready()) w.resolve();
      else continue;
      waiting.splice(i, 1);
    }
  };
  const until = (ready: () => boolean): Promise<void> =>
    failure
      ? Promise.reject(failure)
      : ready()
        ? Promise.resolve()
        : new Promise((resolve, reject) => waiting.push({ ready, resolve, reject }));
  const flush = () => until(() => pending === 0);

  return {
    publish(topic, payload) {
      if (failure || ending) return; // reported by the next backpressure() or flush()
      const bytes = Buffer.byteLength(payload);
      pending++;
      pendingBytes += bytes;
      client.publish(topic, payload, { qos, retain }, (error) => {
        pending--;
        pendingBytes -= bytes;
        if (error && !ending)
          failure ??= new Error(`publishing to "${topic}" failed: ${plain(error, url)}`);
        settle();
      });
    },
    backpressure() {
      if (failure) return Promise.reject(failure);
      if (pending < PUBLISH_HIGH_WATER && pendingBytes < PUBLISH_HIGH_WATER_BYTES) return null;
      // Resumes at half: a wake per message would cost a batch each.
      return until(
        () => pending <= PUBLISH_HIGH_WATER / 2 && pendingBytes <= PUBLISH_HIGH_WATER_BYTES / 2,
      );
    },
    flush,
    async close() {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), CLOSE_TIMEOUT_MS);
      });
      try {
        const outcome = await Promise.race([flush(), timedOut]);
        if (outcome === 'timeout') {
          const lost = pending;
          throw new Error(
            `${lost} message${lost === 1 ? ' was' : 's were'} not acknowledged by the broker within ${CLOSE_TIMEOUT_MS / 1000} s of closing${connection.error ? ` (${connection.error})` : ''}`,
          );
        }
      } finally {
        clearTimeout(timer);
        ending = true;
        // Everything was acknowledged: a graceful DISCONNECT, unless the connection is gone.
        await client.endAsync(!client.connected || pending > 0);
        closed(connection);
      }
    },
  };
}

export const mqttNet: MqttNet = { subscribe, publisher };
