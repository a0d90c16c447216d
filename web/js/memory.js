// What one device remembers about one workshop, in localStorage: tokens, the offline queue, and
// the last state seen (so a reload without network opens the day where it was).

export class Memory {
  constructor(workshop) { this.prefix = `samling:${workshop}:`; }
  get(name, fallback) {
    try {
      const v = localStorage.getItem(this.prefix + name);
      return v === null ? fallback : JSON.parse(v);
    } catch { return fallback; }
  }
  set(name, value) {
    try { localStorage.setItem(this.prefix + name, JSON.stringify(value)); } catch { /* private mode, or full */ }
  }
  remove(name) { try { localStorage.removeItem(this.prefix + name); } catch { /* ignore */ } }
}

const KEEP_EVERY_MS = 2000;  // a busy day changes often: the copy is written at most this often

/** Keeps a copy of the state, written at most every KEEP_EVERY_MS and when the page is hidden. */
export class SnapshotKeeper {
  constructor(memory, kind) {
    this.memory = memory;
    this.name = `snapshot:${kind}`;
    this.pending = null;
    this.timer = null;
    if (typeof addEventListener === 'function') addEventListener('pagehide', () => this.flush());
  }

  load() {
    const kept = this.memory.get(this.name, null);
    return kept && kept.state && typeof kept.me === 'number' ? kept : null;
  }

  keep(state, me, role) {
    this.pending = { state, me, role };
    if (this.timer === null) this.timer = setTimeout(() => this.flush(), KEEP_EVERY_MS);
  }

  flush() {
    clearTimeout(this.timer);
    this.timer = null;
    if (this.pending) this.memory.set(this.name, this.pending);
    this.pending = null;
  }

  forget() { this.pending = null; this.memory.remove(this.name); }
}
