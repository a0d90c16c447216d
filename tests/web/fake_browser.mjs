// What connection.js needs of a browser, for tests under Node: a WebSocket that records what is
// sent and lets a test play the server, and location and localStorage. Timers are each test's own.
export const sockets = [];

export class FakeSocket {
  static OPEN = 1;
  constructor(url) { this.url = url; this.readyState = 0; this.sent = []; sockets.push(this); }
  send(text) { this.sent.push(JSON.parse(text)); }
  close() { this.readyState = 3; }
  open() { this.readyState = 1; this.onopen(); }
  frame(m) { this.onmessage({ data: JSON.stringify(m) }); }
  end(code) { this.readyState = 3; this.onclose({ code }); }
}

/** Installs the fake WebSocket, location and an in-memory localStorage as globals. */
export function installBrowser() {
  const store = new Map();
  globalThis.WebSocket = FakeSocket;
  globalThis.location = { protocol: 'http:', host: 'samling.test' };
  globalThis.localStorage = {
    getItem: (k) => (store.has(k) ? store.get(k) : null),
    setItem: (k, v) => store.set(k, String(v)),
    removeItem: (k) => store.delete(k),
  };
}
