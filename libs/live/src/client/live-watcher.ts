import WebSocket from 'ws';
import { ServerFrame } from '../protocol/server-frame';

export interface LiveWatcherOptions {
  readonly url: string;
  readonly channel: string;
  /** Sent as the Authorization bearer on the upgrade. */
  readonly apiKey?: string;
  readonly onFrame: (frame: ServerFrame) => void;
  /** Told each time the connection is lost and when it comes back, for a person watching. */
  readonly onStatus: (status: string) => void;
  /** Longest wait between reconnect attempts. */
  readonly maxBackoffMs?: number;
  /** A server silent this long is taken for dead and the connection is dropped and made again. */
  readonly silenceMs?: number;
}

/**
 * A client of one channel that survives gateway restarts: it keeps the last position it was sent and, after any
 * disconnect, connects again with backoff and subscribes with `since`, so it sees every change exactly once.
 */
export class LiveWatcher {
  private socket: WebSocket | null = null;
  private position: string | null = null;
  private stopped = false;
  private attempt = 0;
  private lastFrameAt = Date.now();
  private readonly silenceTimer: NodeJS.Timeout;

  constructor(private readonly options: LiveWatcherOptions) {
    const silenceMs = options.silenceMs ?? 35_000;
    this.silenceTimer = setInterval(
      () => {
        if (Date.now() - this.lastFrameAt > silenceMs) this.socket?.terminate();
        else if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ op: 'ping' }));
      },
      Math.min(25_000, silenceMs / 2),
    );
  }

  start(): void {
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.silenceTimer);
    this.socket?.close();
  }

  private connect(): void {
    const socket = new WebSocket(
      this.options.url,
      this.options.apiKey ? { headers: { authorization: `Bearer ${this.options.apiKey}` } } : {},
    );
    this.socket = socket;
    socket.on('open', () => {
      this.attempt = 0;
      this.lastFrameAt = Date.now();
      if (this.position)
        this.options.onStatus(`connected; resuming ${this.options.channel} from ${this.position}`);
      socket.send(
        JSON.stringify({
          op: 'subscribe',
          channel: this.options.channel,
          ...(this.position ? { since: this.position } : {}),
        }),
      );
    });
    socket.on('message', (data) => {
      this.lastFrameAt = Date.now();
      const frame = JSON.parse(data.toString()) as ServerFrame;
      if (frame.type === 'snapshot' || frame.type === 'delta') this.position = frame.position;
      if (frame.type === 'error' && frame.code === 'slow-consumer')
        this.position = frame.resume?.[this.options.channel] ?? this.position;
      this.options.onFrame(frame);
    });
    socket.on('error', () => {
      // 'close' follows and reconnects; the reason is reported there.
    });
    socket.on('close', (code) => {
      if (this.stopped) return;
      const wait = Math.min(this.options.maxBackoffMs ?? 5_000, 250 * 2 ** this.attempt++);
      this.options.onStatus(`disconnected (${code}); reconnecting in ${wait} ms`);
      setTimeout(() => this.connect(), wait);
    });
  }
}
