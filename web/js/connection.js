// The WebSocket session: hello and resume, catch-up by seq, reconnect with backoff and jitter,
// and an offline queue of commands that survives reloads and is resent with the same op ids.
import { Memory, SnapshotKeeper } from './memory.js';
import { applyEvent } from './state.js';

const PING_EVERY_MS = 5000;        // browsers cannot ping; a pong proves the link is alive
const PONG_DEADLINE_MS = 3000;     // no pong in this time: the connection is dead, say so and reconnect
const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000, 15000];  // then stays at the last step
// Closed because the server is busy (1013: too much catch-up waiting; 4029: kept sending while
// refused): come back no sooner than this step of BACKOFF_MS, and keep climbing from there, even
// though a welcome came first. A room of phones told "busy" must not return within a second.
const BUSY_CLOSE_CODES = new Set([1013, 4029]);
const BUSY_FIRST_STEP = 3;
// Closed because this server no longer holds the workshop (4012: another took it over, or it
// handed it over): the route now leads to the one that holds it, so come back at once, quietly.
// Moved again within MOVED_AGAIN_MS: back off, a step further each time, as after any close.
const MOVED_CLOSE_CODE = 4012;
const MOVED_AGAIN_MS = 30000;
const RETRY_CODES = new Set(['storage_failed', 'unavailable', 'rate_limited', 'not_joined']);
// A hello refused for one of these may be welcomed soon (the workshop moving between servers, or
// its data not readable just now): drop the socket and say hello again with backoff.
const RETRY_HELLO_CODES = new Set(['storage_failed', 'unavailable']);
const MAX_IN_FLIGHT = 20;          // unacknowledged commands on the wire; stays under the rate limit's burst
const RETRY_AFTER_MS = 1500;       // a command refused for a passing reason is sent again after this
// A hello refused for one of these will be refused again: stop and say so, never hang.
const FINAL_HELLO_CODES = new Set(['locked', 'bad_credentials', 'participant_removed', 'unsupported_protocol']);

function randomId(bytes) {
  const a = new Uint8Array(bytes);
  crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(36).padStart(2, '0')).join('').slice(0, bytes * 2);
}

export class Connection {
  /**
   * credentials: {facilitator_key} | {wall_key} | {join_code, name, role} | {short_code, name, role} | {resume_token}
   * listener(kind, detail): 'state', 'status', 'error', 'closed-for-good'
   */
  constructor(workshop, credentials, listener) {
    this.workshop = workshop;
    this.credentials = credentials;
    this.listener = listener;
    this.memory = new Memory(workshop);
    this.state = null;
    this.online = new Set();
    this.me = null;
    this.role = null;
    this.status = 'connecting';
    this.clockOffset = 0;
    this.attempt = 0;
    this.ws = null;
    this.joined = false;
    this.stopped = false;
    this.device = this.memory.get('device', null) || randomId(6);
    this.memory.set('device', this.device);
    this.counter = this.memory.get('counter', 0);
    // The last state seen, so a reload without network still shows the day and its queue.
    this.keeper = new SnapshotKeeper(this.memory, credentials.facilitator_key ? 'host' : 'member');
    const kept = this.keeper.load();
    if (kept) {
      this.state = kept.state;
      this.me = kept.me;
      this.role = kept.role;
    }
    this.queue = [];  // [{op, body}] not yet acknowledged, in sending order
    // The browser knows at once when the network goes; the heartbeat catches the rest.
    this.onOffline = () => this.lost();
    this.onOnline = () => { if (!this.stopped) { this.attempt = 0; this.reconnect(); } };
    if (typeof addEventListener === 'function') {
      addEventListener('offline', this.onOffline);
      addEventListener('online', this.onOnline);
    }
    this.waiting = new Map();  // op -> {resolve, reject} of request(), for commands that need their answer
    if (this.me !== null) this.loadQueue();
    this.connect();
  }

  queueKey() { return `queue:${this.me ?? 'new'}`; }
  loadQueue() { this.queue = this.me === null ? [] : this.memory.get(this.queueKey(), []); }
  saveQueue() {
    if (this.me !== null) this.memory.set(this.queueKey(), this.queue.map(({ op, body }) => ({ op, body })));
  }

  /** Sends queued commands, oldest first, keeping at most MAX_IN_FLIGHT unacknowledged. */
  pump() {
    if (!this.joined || !this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    let inFlight = this.queue.filter((item) => item.sent).length;
    for (const item of this.queue) {
      if (inFlight >= MAX_IN_FLIGHT) break;
      if (item.sent) continue;
      item.sent = true;
      inFlight += 1;
      this.ws.send(JSON.stringify({ ...item.body, op: item.op }));
    }
  }

  setStatus(status) {
    this.status = status;
    this.listener('status', status);
  }

  connect(status = this.attempt === 0 ? 'connecting' : 'reconnecting') {
    if (this.stopped) return;
    this.setStatus(status);
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    // The URL names the workshop: a load balancer routes it to the server that holds it.
    const ws = new WebSocket(`${scheme}//${location.host}/ws?workshop=${encodeURIComponent(this.workshop)}`);
    this.ws = ws;
    this.joined = false;
    ws.onopen = () => ws.send(JSON.stringify(this.hello()));
    ws.onmessage = (m) => { if (this.ws === ws) this.receive(m.data); };
    ws.onclose = (e) => { if (this.ws === ws) this.closed(e.code); };
    ws.onerror = () => {};
  }

  hello() {
    const h = { type: 'hello', protocol: 1, workshop: this.workshop, last_seq: this.state ? this.state.seq : 0 };
    const token = this.memory.get('resume_token', null);
    if (this.credentials.facilitator_key) h.facilitator_key = this.credentials.facilitator_key;
    else if (this.credentials.wall_key) h.wall_key = this.credentials.wall_key;
    else if (token) h.resume_token = token;
    else if (this.credentials.short_code) {
      h.short_code = this.credentials.short_code;
      h.name = this.credentials.name;
      h.role = this.credentials.role || 'participant';
    }
    else if (this.credentials.join_code) {
      h.join_code = this.credentials.join_code;
      h.name = this.credentials.name;
      h.role = this.credentials.role || 'participant';
      // Kept until welcomed: a join stored just before a crash, whose welcome never came, gives
      // back the same participant when it is sent again.
      if (!this.joinId) this.joinId = this.memory.get('join_id', null) || randomId(16);
      this.memory.set('join_id', this.joinId);
      h.join_id = this.joinId;
    }
    return h;
  }

  /** This device's resume token in the workshop (a co-facilitator's key to exports and links). */
  resumeToken() { return this.memory.get('resume_token', null); }

  /** One heartbeat per connection: a replaced socket's ping and its pong deadline go with it. */
  stopHeartbeat() {
    clearInterval(this.pinger);
    clearTimeout(this.pongTimer);
    this.pinger = null;
    this.pongTimer = null;
  }

  closed(code) {
    this.stopHeartbeat();
    this.joined = false;
    if (code === 4004) {
      // The wall's link was revoked or replaced: only a new link brings it back.
      this.stopped = true;
      this.setStatus('wall_revoked');
      this.listener('closed-for-good', code);
      return;
    }
    if (code === 4010) {
      // The workshop was deleted: nothing to come back to.
      this.stopped = true;
      this.memory.remove('resume_token');
      this.keeper.forget();
      this.setStatus('deleted');
      this.listener('closed-for-good', code);
      return;
    }
    if (code === 4003) {
      // Removed, or left: this token is finished.
      this.stopped = true;
      this.memory.remove('resume_token');
        this.keeper.forget();
      this.setStatus('removed');
      this.listener('closed-for-good', code);
      return;
    }
    if (this.stopped) return;
    if (code === MOVED_CLOSE_CODE) {
      // Nothing is lost: the hello resumes from the last seq, and everything not acknowledged goes
      // again with its op id (the next server acks what was stored as a duplicate).
      const now = Date.now();
      const again = this.movedAt != null && now - this.movedAt < MOVED_AGAIN_MS;
      this.movedAt = now;
      if (!again) {
        this.movedAttempt = 0;
        clearTimeout(this.retryTimer);
        this.connect('reconnecting');
        return;
      }
      this.movedAttempt += 1;
      this.attempt = Math.max(this.attempt, this.movedAttempt);
      this.retryLater('reconnecting');
      return;
    }
    if (BUSY_CLOSE_CODES.has(code)) {
      this.busyAttempt = this.busyAttempt == null ? BUSY_FIRST_STEP : this.busyAttempt + 1;
      this.attempt = Math.max(this.attempt, this.busyAttempt);
    }
    this.retryLater('offline');
  }

  /** Connects again after this attempt's step of BACKOFF_MS, showing `status` meanwhile. */
  retryLater(status) {
    const step = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt += 1;
    this.setStatus(status);
    clearTimeout(this.retryTimer);
    // Full jitter: a room of phones that lost the same Wi-Fi does not come back in one wave.
    this.retryTimer = setTimeout(() => this.connect(), step / 2 + Math.random() * step / 2);
  }

  /** The link is gone (the browser says so, or no pong came): offline now, retry with backoff. */
  lost() {
    if (this.stopped) return;
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close();
    clearTimeout(this.retryTimer);
    this.closed(1006);
  }

  /** Forces a fresh connection now (used when a gap in seq is seen). */
  reconnect() {
    const ws = this.ws;
    this.ws = null;
    // The old socket's close is ignored (it is no longer this.ws), so its heartbeat stops here.
    this.stopHeartbeat();
    if (ws) ws.close();
    clearTimeout(this.retryTimer);
    this.connect();
  }

  stop() {
    this.stopped = true;
    if (typeof removeEventListener === 'function') {
      removeEventListener('offline', this.onOffline);
      removeEventListener('online', this.onOnline);
    }
    clearTimeout(this.retryTimer);
    this.stopHeartbeat();
    if (this.ws) this.ws.close(1000);
  }

  receive(text) {
    let m;
    try { m = JSON.parse(text); } catch { return; }
    switch (m.type) {
      case 'welcome': return this.welcome(m);
      case 'snapshot':
        this.busyAttempt = null;  // the catch-up came through: the server has room again
        this.state = m.workshop;
        this.online = new Set(m.online);
        return this.changed();
      case 'events':
        this.busyAttempt = null;
        return this.events(m.events);
      case 'ack': return this.acked(m.op, m);
      case 'error': return this.refused(m);
      case 'presence':
        // After a resume without a snapshot, one frame lists everyone online now: a replacement.
        if (m.replace) this.online = new Set();
        for (const id of m.online) this.online.add(id);
        for (const id of m.offline) this.online.delete(id);
        return this.changed();
      case 'join_code': return this.rememberJoinCode(m.join_code);
      case 'pong':
        clearTimeout(this.pongTimer);
        return undefined;
      default: return undefined;
    }
  }

  welcome(m) {
    if (m.resume_token) this.memory.set('resume_token', m.resume_token);
    this.joinId = null;
    this.memory.remove('join_id');
    if (this.me !== m.participant) {
      this.me = m.participant;
      this.loadQueue();
    }
    this.role = m.role;
    if (m.join_code) this.rememberJoinCode(m.join_code, true);
    this.retentionDays = m.retention_days || 0;  // facilitators only: closed workshops go after this
    this.clockOffset = m.server_time - Date.now();
    this.joined = true;
    this.attempt = 0;
    this.setStatus('online');
    this.stopHeartbeat();
    this.pinger = setInterval(() => this.ping(), PING_EVERY_MS);
    // Everything not acknowledged goes again, with the same op ids: the server stores each once.
    for (const item of this.queue) item.sent = false;
    this.pump();
    this.changed();
  }

  /** The participant link's code, handed to facilitators only; kept for a reload without network. */
  rememberJoinCode(code, quiet = false) {
    if (typeof code !== 'string' || !code) return;
    this.joinCode = code;
    this.memory.set('join_code', code);
    if (!quiet) this.changed();
  }

  ping() {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send('{"type":"ping"}');
    clearTimeout(this.pongTimer);
    this.pongTimer = setTimeout(() => this.lost(), PONG_DEADLINE_MS);
  }

  events(list) {
    if (!this.state) return;
    for (const ev of list) {
      if (ev.seq <= this.state.seq) continue;  // already applied
      if (ev.seq !== this.state.seq + 1) {
        // A gap: never guess; resume from what we hold.
        this.reconnect();
        return;
      }
      applyEvent(this.state, ev);
      if (ev.type === 'participant.promoted' && ev.participant === this.me) this.role = 'facilitator';
    }
    this.changed();
  }

  acked(op, ack = {}) {
    this.settle(op, 'resolve', ack);
    const before = this.queue.length;
    this.queue = this.queue.filter((item) => item.op !== op);
    if (this.queue.length !== before) {
      this.saveQueue();
      this.changed();
    }
    this.pump();
  }

  refused(m) {
    if (!m.op) {
      // A refused hello: credentials that no longer fit.
      if (!this.joined && m.code === 'bad_credentials' && this.memory.get('resume_token', null)) {
        this.memory.remove('resume_token');
        this.keeper.forget();
        this.listener('error', m);
        return;  // the next hello joins afresh with the join code
      }
      if (!this.joined && RETRY_HELLO_CODES.has(m.code)) {
        // Said again on a new socket (its route may lead elsewhere by then), resuming as ever.
        const ws = this.ws;
        this.ws = null;
        if (ws) ws.close();
        this.retryLater('reconnecting');
        if (m.code !== 'unavailable') this.listener('error', m);  // a workshop moving is no fault
        return;
      }
      if (!this.joined && FINAL_HELLO_CODES.has(m.code)) {
        this.refusal = m;
        this.stop();
        if (m.code === 'participant_removed') this.memory.remove('resume_token');
        this.keeper.forget();
        this.setStatus(m.code === 'participant_removed' ? 'removed' : 'refused');
        return;
      }
      this.listener('error', m);
      return;
    }
    if (RETRY_CODES.has(m.code)) {
      // Kept in the queue and sent again with the same op id.
      const item = this.queue.find((q) => q.op === m.op);
      if (item) item.sent = false;
      clearTimeout(this.retryPump);
      this.retryPump = setTimeout(() => this.pump(), RETRY_AFTER_MS);
      if (m.code !== 'rate_limited') this.listener('error', m);
      return;
    }
    this.queue = this.queue.filter((item) => item.op !== m.op);
    this.saveQueue();
    this.settle(m.op, 'reject', m);
    this.listener('error', m);
    this.changed();
    this.pump();
  }

  /** Sends a command now or, offline, as soon as the connection is back. Returns its op id. */
  send(body) {
    this.counter += 1;
    this.memory.set('counter', this.counter);
    const op = `${this.device}-${this.counter}`;
    this.queue.push({ op, body, sent: false });
    this.saveQueue();
    this.pump();
    this.changed();
    return op;
  }

  /**
   * Sends a command like send() and resolves with its ack ({seq, id}) or rejects with its refusal,
   * for steps that need the id of what the command created (an undo that re-creates and places).
   */
  request(body) {
    return new Promise((resolve, reject) => {
      const op = this.send(body);
      this.waiting.set(op, { resolve, reject });
    });
  }

  settle(op, how, detail) {
    const waiter = this.waiting.get(op);
    if (!waiter) return;
    this.waiting.delete(op);
    waiter[how](detail);
  }

  /** Milliseconds on the server's clock now. */
  now() { return Date.now() + this.clockOffset; }

  changed() {
    if (this.state && this.me !== null) this.keeper.keep(this.state, this.me, this.role);
    this.listener('state', this);
  }
}
