// A child process holding socket.io clients subscribed to one run: all read but one, which
// connects over a raw WebSocket, subscribes, and then never reads again.
import { io } from 'socket.io-client';
import WebSocket from 'ws';

const [url, runId, countText] = process.argv.slice(2);
const count = Number(countText);
let received = 0;

for (let i = 0; i < count - 1; i++) {
  const socket = io(url!, { transports: ['websocket'], reconnection: false });
  socket.on('telemetry', () => received++);
  socket.on('samples', () => received++);
  socket.on('connect', () => socket.emit('subscribe', { runId: runId! }));
}

const stalled = new WebSocket(`${url!.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
stalled.on('message', (data) => {
  const text = data.toString();
  if (text.startsWith('0')) stalled.send('40');
  else if (text.startsWith('40')) {
    stalled.send(`42${JSON.stringify(['subscribe', { runId }])}`);
    // From now on this client reads nothing: the server's writes back up in its socket.
    (stalled as unknown as { _socket: { pause(): void } })._socket.pause();
    process.send?.({ ready: true });
  }
});

process.on('message', (m) => {
  if ((m as { report?: boolean }).report) process.send?.({ received });
});
