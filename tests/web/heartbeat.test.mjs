// The client's heartbeat under Node's test runner: fake timers that keep what is scheduled show
// that reconnecting never leaves a second ping interval, or an old pong deadline, behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { sockets, installBrowser } from './fake_browser.mjs';

const intervals = new Map();
const timeouts = new Map();
let nextTimer = 1;
installBrowser();
globalThis.setInterval = (fn, ms) => { const id = nextTimer++; intervals.set(id, { fn, ms }); return id; };
globalThis.clearInterval = (id) => { intervals.delete(id); };
globalThis.setTimeout = (fn, ms) => { const id = nextTimer++; timeouts.set(id, { fn, ms }); return id; };
globalThis.clearTimeout = (id) => { timeouts.delete(id); };

const { Connection } = await import('../../web/js/connection.js');

function welcomeNewest() {
  const ws = sockets.at(-1);
  ws.open();
  ws.frame({ type: 'welcome', participant: 2, role: 'participant', resume_token: 'r', seq: 0, server_time: Date.now() });
  ws.frame({ type: 'snapshot', workshop: { seq: 0 }, online: [2] });
  return ws;
}

/** Runs every ping interval once, as if PING_EVERY_MS had passed. */
function tick() { for (const { fn } of [...intervals.values()]) fn(); }

test('reconnecting three times leaves one heartbeat, on the newest socket', () => {
  const c = new Connection('w-heartbeat', { join_code: 'j', name: 'Sølvi 🌊' }, () => {});
  welcomeNewest();
  assert.equal(intervals.size, 1);
  for (let i = 0; i < 3; ++i) {
    c.reconnect();  // a gap in seq, or the browser back online
    welcomeNewest();
  }
  assert.equal(sockets.length, 4);
  assert.equal(intervals.size, 1, 'one ping interval after three reconnects');
  tick();
  const pings = sockets.map((ws) => ws.sent.filter((m) => m.type === 'ping').length);
  assert.deepEqual(pings, [0, 0, 0, 1], 'only the newest socket is pinged');
  c.stop();
  assert.equal(intervals.size, 0, 'stopped: no heartbeat left');
});

test("an old socket's pong deadline cannot drop the socket that replaced it", () => {
  const before = sockets.length;
  const c = new Connection('w-deadline', { join_code: 'j', name: 'Åke' }, () => {});
  welcomeNewest();
  tick();  // a ping goes out, and its deadline is set
  const deadlines = [...timeouts.values()].filter((t) => t.ms === 3000);
  assert.equal(deadlines.length, 1);
  c.reconnect();
  const fresh = welcomeNewest();
  assert.equal([...timeouts.values()].filter((t) => t.ms === 3000).length, 0, 'the old deadline is gone');
  // The new socket's own pong is taken as ever: nothing reconnects.
  fresh.frame({ type: 'pong' });
  assert.equal(sockets.length, before + 2);
  assert.equal(c.status, 'online');
  c.stop();
});
