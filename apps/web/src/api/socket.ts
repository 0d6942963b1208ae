import type { ClientToServerEvents, ServerToClientEvents } from '@rivulet/shared-types';
import { io, type Socket } from 'socket.io-client';

export type EngineSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: EngineSocket | null = null;

/** The one socket.io connection to the engine (same origin), made on first use. */
export function engineSocket(): EngineSocket {
  socket ??= io({ transports: ['websocket'] });
  return socket;
}
