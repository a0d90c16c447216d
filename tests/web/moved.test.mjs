// Several servers behind a load balancer: the socket's URL names the workshop so it is routed to
// the server that holds it, and a close with 4012 ("moved") comes back at once, resumes by seq and
// resends what was not acknowledged with the same op ids. A fake WebSocket and fake timers and
// clock play the servers.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { sockets, installBrowser } from './fake_browser.mjs';

const timers = [];
let now = 1_800_000_000_000;
installBrowser();
globalThis.setTimeout = (fn, ms) => { timers.push({ fn, ms }); return timers.length; };
globalThis.clearTimeout = () => {};
globalThis.setInterval = () => 0;
globalThis.clearInterval = () => {};
Date.now = () => now;
Math.random = () => 1;  // the longest wait of each step's jitter

const { Connection } = await import('../../web/js/connection.js');

/** A client that has joined, caught up to seq 7 and sent one command no server acknowledged. */
function joinedWithUnacked(workshop, seen) {
  sockets.length = 0;
  timers.length = 0;
  const c = new Connection(workshop, { join_code: 'j', name: 'Åse' }, (kind, detail) => seen.push([kind, detail]));
  const ws = sockets.at(-1);
  ws.open();
  ws.frame({ type: 'welcome', participant: 4, role: 'participant', resume_token: 'tok-4', server_time: now });
  ws.frame({ type: 'snapshot', workshop: { seq: 7 }, online: [4] });
  const op = c.send({ type: 'theme.propose', title: 'Bænke ved havnen' });
  assert.deepEqual(ws.sent.filter((m) => m.op === op).length, 1, 'the command went out');
  return { c, ws, op };
}

/** Opens the newest socket and welcomes it as the same participant. */
function welcomeNewest() {
  const ws = sockets.at(-1);
  ws.open();
  ws.frame({ type: 'welcome', participant: 4, role: 'participant', server_time: now });
  return ws;
}

test('the socket URL names the workshop, encoded', () => {
  sockets.length = 0;
  const id = 'Havn 2/ø?&#=';  // not a valid id, but every character that needs encoding
  const c = new Connection(id, { join_code: 'j', name: 'Åse' }, () => {});
  const url = sockets.at(-1).url;
  assert.equal(url, 'ws://samling.test/ws?workshop=Havn%202%2F%C3%B8%3F%26%23%3D');
  const parsed = new URL(url);
  assert.equal(parsed.pathname, '/ws');
  assert.equal(parsed.searchParams.get('workshop'), id);
  c.stop();

  sockets.length = 0;
  const plain = new Connection('k3v9q2xw7mz4a5bt', { join_code: 'j', name: 'Åse' }, () => {});
  assert.equal(sockets.at(-1).url, 'ws://samling.test/ws?workshop=k3v9q2xw7mz4a5bt');
  plain.stop();
});

test('closed with 4012, it reconnects at once, resumes by seq and resends the unacknowledged command', () => {
  const seen = [];
  const { c, op } = joinedWithUnacked('w-moved', seen);
  const timersBefore = timers.length;
  seen.length = 0;
  sockets.at(-1).end(4012);
  assert.equal(sockets.length, 2, 'a new socket is opened at once');
  assert.equal(timers.length, timersBefore, 'no backoff timer was waited for');
  assert.equal(new URL(sockets.at(-1).url).searchParams.get('workshop'), 'w-moved');
  assert.deepEqual(seen.filter(([kind]) => kind === 'error'), [], 'no error is shown');
  const statuses = seen.filter(([kind]) => kind === 'status').map(([, s]) => s);
  assert.deepEqual(statuses, ['reconnecting'], 'only "reconnecting" is shown');

  const fresh = sockets.at(-1);
  fresh.open();
  const hello = fresh.sent[0];
  assert.equal(hello.type, 'hello');
  assert.equal(hello.workshop, 'w-moved');
  assert.equal(hello.resume_token, 'tok-4');
  assert.equal(hello.last_seq, 7);
  assert.equal(hello.join_code, undefined, 'a resume, not a second join');

  welcomeNewest();
  const resent = fresh.sent.filter((m) => m.type === 'theme.propose');
  assert.equal(resent.length, 1, 'the unacknowledged command is sent again, once');
  assert.equal(resent[0].op, op, 'with its own op id');
  assert.equal(c.status, 'online');
  // The new server had it stored: a duplicate ack empties the queue.
  fresh.frame({ type: 'ack', op, seq: 8, duplicate: true });
  assert.equal(c.queue.length, 0);
  c.stop();
});

test('a repeated 4012 backs off, further each time; a move long after is quick again', () => {
  const { c } = joinedWithUnacked('w-moved-again', []);
  sockets.at(-1).end(4012);
  assert.equal(sockets.length, 2, 'the first 4012 reconnects at once');

  // The next server too says the workshop moved on, before it welcomed.
  const timersBefore = timers.length;
  now += 200;
  sockets.at(-1).end(4012);
  assert.equal(sockets.length, 2, 'a second 4012 does not reconnect at once');
  assert.equal(timers.length, timersBefore + 1, 'it waits for the backoff timer');
  const firstWait = timers.at(-1).ms;
  assert.ok(firstWait > 0, `waited ${firstWait} ms`);
  assert.equal(c.status, 'reconnecting', 'still only "reconnecting"');
  timers.at(-1).fn();
  assert.equal(sockets.length, 3, 'the timer reconnects');

  // Welcomed, then moved again at once: the wait climbs, a welcome in between notwithstanding.
  welcomeNewest();
  now += 200;
  sockets.at(-1).end(4012);
  assert.equal(sockets.length, 3, 'a third 4012 does not reconnect at once');
  const secondWait = timers.at(-1).ms;
  assert.ok(secondWait > firstWait, `waits ${firstWait} then ${secondWait} ms`);
  timers.at(-1).fn();
  assert.equal(sockets.length, 4);

  // A move long after the last one is a new move: at once again.
  welcomeNewest();
  now += 60_000;
  sockets.at(-1).end(4012);
  assert.equal(sockets.length, 5, 'a 4012 a minute later reconnects at once');
  c.stop();
});

test('a hello refused with "unavailable" while the workshop moves is said again with backoff, and resumes', () => {
  const seen = [];
  const { c, op } = joinedWithUnacked('w-unavailable', seen);
  sockets.at(-1).end(1006);  // the link dropped; the server it comes back to is still taking the workshop over
  timers.at(-1).fn();
  seen.length = 0;
  const waits = [];
  for (let i = 0; i < 3; ++i) {
    const ws = sockets.at(-1);
    ws.open();
    assert.equal(ws.sent[0].resume_token, 'tok-4');
    assert.equal(ws.sent[0].last_seq, 7);
    const timersBefore = timers.length;
    ws.frame({ type: 'error', code: 'unavailable', message: 'The workshop cannot be opened right now.' });
    assert.equal(ws.readyState, 3, 'the refused socket is closed');
    assert.equal(timers.length, timersBefore + 1, 'a new hello is planned');
    waits.push(timers.at(-1).ms);
    const count = sockets.length;
    timers.at(-1).fn();
    assert.equal(sockets.length, count + 1, 'on a new socket');
  }
  assert.ok(waits[1] > waits[0] && waits[2] > waits[1], `waits climb: ${waits}`);
  assert.deepEqual(seen.filter(([kind]) => kind === 'error'), [], 'no error is shown');
  assert.ok(!seen.some(([kind, s]) => kind === 'status' && s === 'offline'), 'not "offline": the network is there');

  const ws = welcomeNewest();
  assert.equal(ws.sent[0].last_seq, 7);
  assert.deepEqual(ws.sent.filter((m) => m.type === 'theme.propose').map((m) => m.op), [op]);
  c.stop();
});
