/*
 * The page's script, type-checked with the rest of the code and sent to the browser as the source of one function.
 * The repository compiles for Node without the DOM typings (adding them would change timer and fetch types
 * everywhere), so the few browser APIs the page uses are described here.
 */

interface PageElement {
  textContent: string | null;
  className: string;
  innerHTML: string;
  dataset: Record<string, string | undefined>;
  value: string;
  append(...nodes: PageElement[]): void;
  prepend(...nodes: PageElement[]): void;
  remove(): void;
  addEventListener(type: string, listener: (event: { preventDefault(): void }) => void): void;
  querySelector(selector: string): PageElement | null;
}

interface PageDocument {
  getElementById(id: string): PageElement | null;
  createElement(tag: string): PageElement;
}

interface PageSocket {
  onopen: (() => void) | null;
  onmessage: ((event: { data: string }) => void) | null;
  onclose: (() => void) | null;
  send(text: string): void;
  close(): void;
}

interface PageWindow {
  readonly location: { readonly host: string; readonly protocol: string; readonly hash?: string };
  setTimeout(callback: () => void, ms: number): unknown;
}

type Frame = {
  type: string;
  channel?: string;
  position?: string;
  fresh?: string;
  code?: string;
  message?: string;
  data?: Record<string, unknown> | null;
  resume?: Record<string, string>;
};

/** Runs in the browser: subscribes, renders, and after any disconnect reconnects and resumes with `since`. */
export function runLivePage(
  document: PageDocument,
  window: PageWindow,
  openSocket: (url: string) => PageSocket,
): void {
  const positions = new Map<string, string>();
  const channels = new Set<string>(['stock', 'alerts:low-stock']);
  const status = document.getElementById('status')!;
  const board = document.getElementById('board')!;
  const alerts = document.getElementById('alerts')!;
  const orders = document.getElementById('orders')!;
  let socket: PageSocket | null = null;
  let attempt = 0;

  const setStatus = (state: string, text: string) => {
    status.dataset.state = state;
    status.textContent = text;
  };
  const cell = (text: string) => {
    const td = document.createElement('td');
    td.textContent = text;
    return td;
  };
  const stockRow = (item: Record<string, unknown>, changed: boolean) => {
    const sku = String(item.sku);
    let row = board.querySelector(`tr[data-sku="${CSS_ESCAPE(sku)}"]`);
    if (!row) {
      row = document.createElement('tr');
      row.dataset.sku = sku;
      board.append(row);
    }
    row.innerHTML = '';
    row.append(
      cell(sku),
      cell(String(item.onHand)),
      cell(String(item.reserved)),
      cell(String(item.available)),
      cell(item.threshold === null ? '–' : String(item.threshold)),
    );
    row.className = `${item.lowStock ? 'low' : ''}${changed ? ' changed' : ''}`;
  };
  const alertLine = (alert: Record<string, unknown>) => {
    const id = `alert-${String(alert.sku)}`;
    document.getElementById(id)?.remove();
    if (alert.status !== 'OPEN') return;
    const li = document.createElement('li');
    li.dataset.sku = String(alert.sku);
    li.textContent = `${String(alert.sku)}: below ${String(alert.threshold)} since ${String(alert.detectedAt)}`;
    (li as unknown as { id: string }).id = id;
    alerts.prepend(li);
  };
  const orderLine = (order: Record<string, unknown> | null, channel: string) => {
    const li = document.createElement('li');
    li.textContent = order
      ? `${String(order.orderId)}: ${String(order.status)}`
      : `${channel}: not placed yet`;
    orders.prepend(li);
  };

  const render = (frame: Frame) => {
    const channel = frame.channel ?? '';
    if (frame.position) positions.set(channel, frame.position);
    if (frame.type === 'error') {
      if (frame.resume) for (const [c, p] of Object.entries(frame.resume)) positions.set(c, p);
      setStatus('error', `${frame.code ?? 'error'}: ${frame.message ?? ''}`);
      return;
    }
    if (frame.type !== 'snapshot' && frame.type !== 'delta') return;
    const data = frame.data ?? null;
    if (channel === 'stock') {
      if (frame.type === 'snapshot') {
        board.innerHTML = '';
        for (const item of (data?.items as Record<string, unknown>[] | undefined) ?? [])
          stockRow(item, false);
      } else if (data) stockRow(data, true);
    } else if (channel === 'alerts:low-stock') {
      if (frame.type === 'snapshot') {
        alerts.innerHTML = '';
        for (const alert of (data?.open as Record<string, unknown>[] | undefined) ?? []) alertLine(alert);
      } else if (data) alertLine(data);
    } else if (channel.startsWith('order:')) orderLine(data, channel);
  };

  const subscribe = (channel: string) => {
    const since = positions.get(channel);
    socket?.send(JSON.stringify({ op: 'subscribe', channel, ...(since ? { since } : {}) }));
  };

  const connect = () => {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    // A key in the fragment (`/live.html#key=...`, as `up` prints it) never reaches a server log or a Referer.
    const key = /(?:^#|&)key=([^&]+)/.exec(window.location.hash ?? '')?.[1];
    const current = openSocket(
      `${scheme}://${window.location.host}/live${key ? `?access_token=${key}` : ''}`,
    );
    socket = current;
    current.onopen = () => {
      attempt = 0;
      setStatus('open', positions.size > 0 ? 'live (resumed)' : 'live');
      for (const channel of channels) subscribe(channel);
    };
    current.onmessage = (event) => render(JSON.parse(event.data) as Frame);
    current.onclose = () => {
      const wait = Math.min(5_000, 250 * 2 ** attempt++);
      setStatus('reconnecting', `reconnecting in ${wait} ms…`);
      window.setTimeout(connect, wait);
    };
  };

  const follow = document.getElementById('follow')!;
  follow.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = document.getElementById('order-id')!;
    const channel = `order:${input.value.trim()}`;
    input.value = '';
    if (channels.has(channel)) return;
    channels.add(channel);
    subscribe(channel);
  });
  connect();

  // Only letters, digits and a few marks are valid in sku names; quotes and backslashes never reach a selector.
  function CSS_ESCAPE(value: string): string {
    return value.replace(/["\\]/g, '');
  }
}

/** The script the page loads: the function above, called with the browser's own objects. */
export const livePageScript = (): string =>
  `(${runLivePage.toString()})(document, window, (url) => new WebSocket(url));\n`;
