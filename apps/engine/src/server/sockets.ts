import type { Server as HttpServer } from 'node:http';
import {
  SubscribeMessage,
  type SamplesMessage,
  type TelemetryMessage,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@rivulet/shared-types';
import { Server, type Socket } from 'socket.io';
import type { Guard } from './guard.js';
import type { RunManager } from './runs.js';
import type { Store } from './store.js';

/** Subscriptions one socket may hold at once. */
export const MAX_SUBSCRIPTIONS = 16;
/** Client messages one socket may send per second before being disconnected. */
export const MAX_MESSAGES_PER_SECOND = 50;
/** Packets queued for a socket beyond which it is skipped: a stalled browser never slows the engine. */
const MAX_QUEUED_PACKETS = 32;

type RivuletSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
type Ack = (reply: { ok: boolean; message?: string }) => void;

/**
 * Live telemetry over socket.io. A client subscribes to a run and receives first the run's
 * history (history.ts), then, four times a second, one telemetry message, the sinks' samples
 * and status changes. Messages are computed
 * once per run per tick whatever the number of clients; a client that cannot take them loses
 * them: at most a few packets are ever queued for it.
 */
export function attachSockets(
  http: HttpServer,
  runs: RunManager,
  store: Store,
  guard: Guard,
): Server {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    // The handshake: Host and Origin as for HTTP (guard.ts); the token comes in auth, below.
    allowRequest: (req, callback) => {
      const refusal = guard.refusal(req.headers);
      callback(refusal?.message ?? null, refusal === null);
    },
  });

  io.use((socket, next) => {
    if (guard.socketTokenAllowed((socket.handshake.auth as { token?: unknown }).token))
      return next();
    next(new Error('a token is required: connect with auth: { token }'));
  });

  io.on('connection', (socket: RivuletSocket) => {
    let messages = 0;
    const budget = setInterval(() => (messages = 0), 1000);
    socket.on('disconnect', () => clearInterval(budget));

    const refuse = (event: string, message: string, ack: Ack | undefined) => {
      if (ack) ack({ ok: false, message });
      else socket.emit('problem', { event, message });
    };

    // Every client message comes through here, so that what a client sends can never reach a
    // handler in a shape it does not expect (a non-function where the ack goes, extra arguments,
    // a message after the flood limit) and never throws.
    socket.onAny((event: string, ...args: unknown[]) => {
      if (socket.disconnected) return;
      if (++messages > MAX_MESSAGES_PER_SECOND) {
        socket.emit('problem', {
          event,
          message: `more than ${MAX_MESSAGES_PER_SECOND} messages a second: disconnected`,
        });
        socket.disconnect(true);
        return;
      }
      const ack = typeof args.at(-1) === 'function' ? (args.pop() as Ack) : undefined;
      if (event !== 'subscribe' && event !== 'unsubscribe') {
        return refuse(
          event,
          `unknown event "${String(event).slice(0, 40)}": use subscribe or unsubscribe`,
          ack,
        );
      }
      if (args.length > 1)
        return refuse(event, `${event} takes one message and an optional acknowledgement`, ack);
      const parsed = SubscribeMessage.safeParse(args[0]);
      if (!parsed.success) return refuse(event, `${event} takes { runId }`, ack);
      const { runId } = parsed.data;
      if (event === 'unsubscribe') {
        void socket.leave(`run:${runId}`);
        return ack?.({ ok: true });
      }
      const rooms = [...socket.rooms].filter((r) => r.startsWith('run:'));
      if (!rooms.includes(`run:${runId}`) && rooms.length >= MAX_SUBSCRIPTIONS) {
        return refuse(event, `at most ${MAX_SUBSCRIPTIONS} subscriptions per connection`, ack);
      }
      const active = runs.active.get(runId);
      const stored = active ? null : store.getRun(runId);
      if (!active && !stored) return refuse(event, `no run "${runId}"`, ack);
      void socket.join(`run:${runId}`);
      ack?.({ ok: true });
      // First what the run kept (its recent telemetry, samples and log), then live messages:
      // the history is read and sent synchronously after the join, so nothing falls between.
      const history = runs.history.get(runId);
      const last = history ? null : runs.lastTelemetry(runId);
      if (history) socket.emit('history', history);
      else if (last) socket.emit('telemetry', last);
      if (stored)
        socket.emit('status', {
          runId,
          pipelineId: stored.pipelineId,
          status: stored.status,
          error: stored.error,
        });
    });
  });

  /** Sends to the room's sockets that can take it now (encoded once); the others miss this one. */
  const send = <E extends keyof ServerToClientEvents>(
    room: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ) => {
    const members = io.sockets.adapter.rooms.get(room);
    if (!members || members.size === 0) return;
    const ready: string[] = [];
    for (const id of members) {
      const socket = io.sockets.sockets.get(id);
      // engine.io queues packets while the previous write is in flight; a client that does not
      // read never completes it, so its queue stops at MAX_QUEUED_PACKETS and it misses the rest.
      if (
        socket &&
        (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length <
          MAX_QUEUED_PACKETS
      )
        ready.push(id);
    }
    if (ready.length > 0) io.to(ready).emit(event, ...args);
  };

  // Each run's worker posts its telemetry and samples; they are relayed as they come.
  const onTelemetry = (message: TelemetryMessage) =>
    send(`run:${message.runId}`, 'telemetry', message);
  const onSamples = (message: SamplesMessage) => send(`run:${message.runId}`, 'samples', message);
  runs.on('telemetry', onTelemetry);
  runs.on('samples', onSamples);

  runs.on('final', (message) => {
    io.to(`run:${message.runId}`).emit('telemetry', message);
  });

  runs.on('status', (message) => {
    // Status changes are rare and matter: they go to everyone, not volatile.
    io.emit('status', message);
  });

  http.on('close', () => {
    runs.off('telemetry', onTelemetry);
    runs.off('samples', onSamples);
  });
  return io;
}
