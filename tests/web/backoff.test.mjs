// The client's reconnect timing under Node's test runner: a fake WebSocket and fake timers record
// when the client comes back after each kind of close.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { sockets, installBrowser } from './fake_browser.mjs';

const timers = [];
installBrowser();
globalThis.setTimeout = (fn, ms) => { timers.push({ fn, ms }); return timers.length; };
globalThis.clearTimeout = () => {};
globalThis.setInterval = () => 0;
globalThis.clearInterval = () => {};
Math.random = () => 1;  // the longest wait of each step's jitter

const { Connection } = await import('../../web/js/connection.js');

/** Opens the newest socket and welcomes it; `snapshot` also sends the catch-up. */
function welcome(snapshot) {
  const ws = sockets.at(-1);
  ws.open();
  ws.frame({ type: 'welcome', participant: 1, role: 'participant', resume_token: 'r', server_time: Date.now() });
  if (snapshot) ws.frame({ type: 'snapshot', workshop: { seq: 0 }, online: [] });
  return ws;
}
const lastWait = () => timers.at(-1).ms;
const retry = () => timers.at(-1).fn();

test('a close after a welcome and its catch-up comes back within a quarter of a second', () => {
  sockets.length = 0;
  const c = new Connection('w-quick', { join_code: 'j', name: 'Åse' }, () => {});
  welcome(true).end(1006);
  assert.ok(lastWait() <= 250, `waited ${lastWait()} ms`);
  c.stop();
});

test('"busy" closes (1013, 4029) wait seconds and climb, though each came after a welcome', () => {
  for (const code of [1013, 4029]) {
    sockets.length = 0;
    const c = new Connection(`w-busy-${code}`, { join_code: 'j', name: 'Märta 🐢' }, () => {});
    const waits = [];
    for (let i = 0; i < 3; ++i) {
      welcome(false).end(code);  // welcomed, then told to come back later: no catch-up came
      waits.push(lastWait());
      retry();
    }
    assert.ok(waits[0] >= 1000, `first wait after ${code}: ${waits[0]} ms`);
    assert.ok(waits[1] > waits[0] && waits[2] > waits[1], `waits after ${code}: ${waits}`);
    // Once the catch-up comes through, an ordinary drop is quick again.
    welcome(true).end(1006);
    assert.ok(lastWait() <= 250, `after recovering: ${lastWait()} ms`);
    c.stop();
  }
});
