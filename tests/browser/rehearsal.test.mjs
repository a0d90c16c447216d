// A 60-person rehearsal: one facilitator and three phones in the browser, 56 more people as
// protocol clients, run a day from welcome to closed, with slips made and undone on the way.
// Every note written ends up exactly once in the recap.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createWorkshop, launchBrowser, newPerson, startServer } from './support.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const CROWD = 56;

/** 56 people on one blank page of the server's origin, each on a WebSocket of their own. */
async function crowd(w) {
  const { page } = await newPerson(browser);
  await page.goto(`${server.url}/api/server`);
  await page.evaluate(async ({ url, workshop, code, count }) => {
    const people = [];
    for (let i = 0; i < count; i += 1) {
      const ws = new WebSocket(url);
      const person = { ws, waiting: new Map(), counter: 0, name: `Person ${String(i + 1).padStart(2, '0')}` };
      ws.onmessage = (m) => {
        const f = JSON.parse(m.data);
        if (f.type === 'welcome') person.welcomed(f);
        if ((f.type === 'ack' || f.type === 'error') && f.op) person.waiting.get(f.op)?.(f);
      };
      const welcome = new Promise((resolve) => { person.welcomed = resolve; });
      await new Promise((resolve) => { ws.onopen = resolve; });
      ws.send(JSON.stringify({ type: 'hello', protocol: 1, workshop, join_code: code, name: person.name }));
      person.id = (await welcome).participant;
      people.push(person);
    }
    window.crowd = people;
    window.say = (person, body) => {
      person.counter += 1;
      const op = `c${person.id}-${person.counter}`;
      const done = new Promise((resolve) => person.waiting.set(op, resolve));
      person.ws.send(JSON.stringify({ ...body, op }));
      return done;
    };
  }, { url: `${server.url.replace('http', 'ws')}/ws`, workshop: w.id, code: w.join_code, count: CROWD });
  /** Person i sends the commands plans[i], in order; resolves to every answer, person by person. */
  return (plans) => page.evaluate(async (all) => {
    const answers = await Promise.all(window.crowd.map(async (person, i) => {
      const out = [];
      for (const body of all[i] || []) out.push(await window.say(person, body));
      return out;
    }));
    return answers.flat();
  }, plans);
}

const everyone = (plan) => Array.from({ length: CROWD }, (_, i) => plan(i));

const press = (page, name) => page.getByRole('button', { name, exact: true }).first().press('Enter');

async function phone(w, name) {
  const p = await newPerson(browser, { width: 360, height: 740 });
  await p.page.goto(`${server.url}/w/${w.id}#join=${w.join_code}`);
  await p.page.getByLabel('Your name').fill(name);
  await press(p.page, 'Join');
  await p.page.locator('.now-card').waitFor();
  return p.page;
}

test('sixty people run a day, slips are undone, and every note is in the recap once', async () => {
  const w = await createWorkshop(server, { title: 'Rehearsal day', language: 'en', facilitator_name: 'Fran' });
  const { page: f } = await newPerson(browser, { width: 1440, height: 900 });
  await f.goto(`${server.url}/w/${w.id}#key=${w.facilitator_key}&join=${w.join_code}`);
  await f.locator('.phase-card').waitFor();
  const phones = [await phone(w, 'Ada'), await phone(w, 'Bo'), await phone(w, 'Cy')];
  const say = await crowd(w);
  await f.getByRole('heading', { name: 'Participants (60)' }).waitFor({ state: 'detached' }).catch(() => {});

  await press(f, 'Next: Marketplace');
  for (const [i, p] of phones.entries()) {
    await p.getByRole('textbox', { name: 'Theme' }).fill(`Phone theme ${i + 1}`);
    await press(p, 'Propose');
  }
  const proposed = await say(everyone((i) => (i < 9 ? [{ type: 'theme.propose', title: `Crowd theme ${i + 1}` }] : [])));
  assert.ok(proposed.every((a) => a.type === 'ack'), JSON.stringify(proposed.find((a) => a.type !== 'ack')));
  await press(f, 'Marketplace');
  await f.getByRole('heading', { name: 'Themes (12)' }).waitFor();
  // Slip: a theme withdrawn by mistake, then undone for everyone.
  await f.locator('.theme').filter({ has: f.locator('h3', { hasText: /^Crowd theme 3$/ }) })
    .getByRole('button', { name: 'Withdraw' }).press('Enter');
  await phones[0].getByRole('heading', { name: 'Themes (11)' }).waitFor();
  await press(f, 'Undo');
  await phones[0].getByRole('heading', { name: 'Themes (12)' }).waitFor();

  await press(f, 'Run the day');
  await press(f, 'Next: Voting');
  const ids = proposed.map((a) => a.id);
  const votes = await say(everyone((i) => [0, 1, 2].map((k) => ({ type: 'vote.add', theme: ids[(i + k * 4) % ids.length] }))));
  assert.ok(votes.every((a) => a.type === 'ack'));
  for (const p of phones) {
    await p.getByRole('button', { name: /^Add a dot to Crowd theme 1$/ }).press('Enter');
    await p.getByText('Dots left: 4 of 5').waitFor();
  }

  // Slip: groups opened twice over; the first batch is undone, then opened again.
  await f.getByLabel('How many').fill('4');
  await press(f, 'Open groups');
  await f.getByText('4 groups opened.').waitFor();
  await press(f, 'Undo');
  await phones[0].getByRole('button', { name: 'Groups' }).press('Enter');
  await phones[0].getByRole('heading', { name: 'Breakout groups (0)' }).waitFor();
  await press(f, 'Open groups');
  await phones[0].getByRole('heading', { name: 'Breakout groups (4)' }).waitFor();
  await press(f, 'Next: Breakout groups');
  // Slip: a step back to voting, undone.
  await f.getByRole('button', { name: 'Go to Voting' }).press('Enter');
  await phones[1].locator('.phase', { hasText: 'Voting' }).waitFor();
  await press(f, 'Undo');
  await phones[1].locator('.phase', { hasText: 'Breakout groups' }).waitFor();

  const state = await (await fetch(`${server.url}/api/workshops/${w.id}/export.json?key=${w.facilitator_key}`)).json();
  const groups = state.state.groups.map((g) => g.id);
  assert.equal(groups.length, 4);
  const written = [];
  const plans = everyone((i) => {
    const group = groups[i % groups.length];
    const notes = [1, 2].map((n) => `Crowd note ${i + 1}.${n}`);
    written.push(...notes);
    return [{ type: 'group.join', group }, ...notes.map((text) => ({ type: 'note.add', group, text }))];
  });
  const answers = await say(plans);
  assert.ok(answers.every((a) => a.type === 'ack'), JSON.stringify(answers.find((a) => a.type !== 'ack')));
  for (const [i, p] of phones.entries()) {
    await p.getByRole('button', { name: 'Groups' }).press('Enter');
    await p.locator('.group').nth(i).getByRole('button', { name: 'Join' }).press('Enter');
    const text = `Phone note ${i + 1}`;
    await p.getByLabel('Note', { exact: true }).fill(text);
    await press(p, 'Add note');
    await p.locator('.note:not(.pending)', { hasText: text }).waitFor();
    written.push(text);
  }
  // Slip: a phone deletes its note, then undoes it: the note is back, once.
  await phones[2].locator('.note', { hasText: 'Phone note 3' }).getByRole('button', { name: 'Delete' }).press('Enter');
  await phones[2].locator('.note', { hasText: 'Phone note 3' }).waitFor({ state: 'detached' });
  await press(phones[2], 'Undo');
  await phones[2].locator('.note:not(.pending)', { hasText: 'Phone note 3' }).waitFor();

  await press(f, 'Next: Sharing back');
  await press(f, 'Next: Closed');
  await press(f, 'Close the day');
  for (const p of phones) await p.getByRole('heading', { name: 'The day is closed' }).waitFor();

  const recap = await (await fetch(`${server.url}/api/workshops/${w.id}/export.md?key=${w.facilitator_key}`)).text();
  for (const text of written) {
    assert.equal(recap.split(text).length - 1, 1, `“${text}” is in the recap exactly once`);
  }
  assert.equal(written.length, CROWD * 2 + 3);
});
