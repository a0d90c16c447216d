// A whole open-space day in real browsers: a facilitator and three participants, each in a
// context of their own, from creating the workshop to downloading the recap.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { archive, axeViolations, launchBrowser, newPerson, saveArtifact, startServer } from './support.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function propose(page, title) {
  await page.getByLabel('Theme', { exact: true }).fill(title);
  await page.getByRole('button', { name: 'Propose' }).click();
}

async function joinAs(link, name) {
  const person = await newPerson(browser, { width: 360, height: 740 });
  await person.page.goto(link);
  await person.page.getByLabel('Your name').fill(name);
  await person.page.getByRole('button', { name: 'Join' }).click();
  await person.page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
  return person;
}

test('a facilitator and three participants run a whole day', async () => {
  const host = await newPerson(browser, { width: 1280, height: 900 });
  const f = host.page;
  await f.goto(`${server.url}/`);
  await f.getByRole('button', { name: 'Create workshop' }).waitFor();
  assert.deepEqual(await axeViolations(f), [], 'start view passes axe');
  await f.getByLabel('Title').fill('Fremtidens bibliotek 📚');
  await f.getByLabel('Purpose').fill('Hvad skal biblioteket kunne i 2030?\nAlle idéer er velkomne.');
  await f.getByLabel('Language', { exact: true }).selectOption('en');
  await f.getByLabel('Your name').fill('Birgitte');
  await f.getByRole('button', { name: 'Create workshop' }).click();
  await f.getByRole('heading', { name: 'Fremtidens bibliotek 📚' }).waitFor();
  // The console opens on the welcome phase with the participant link and its QR code at hand.
  await f.locator('canvas.qr').waitFor();
  const [, workshop] = f.url().match(/\/w\/([a-z2-7]+)#/);
  const key = new URL(f.url().replace('#', '?')).searchParams.get('key');
  await f.getByRole('button', { name: 'Summary' }).click();
  const participantLink = await f.locator('.copy-link', { hasText: 'Participant link' }).locator('a').getAttribute('href');
  assert.match(participantLink, /#join=/);
  assert.equal(await f.locator('canvas.qr').count(), 1);
  assert.deepEqual(await axeViolations(f), [], 'facilitator console passes axe');

  const people = [];
  for (const name of ['Åse', 'Jörg', 'Søren 🚲']) people.push(await joinAs(participantLink, name));
  const [a, b, c] = people.map((p) => p.page);
  assert.deepEqual(await axeViolations(a), [], 'participant view passes axe');

  // Marketplace: everyone proposes, everyone sees every theme live.
  await f.getByRole('button', { name: 'Run the day' }).click();
  await f.getByRole('button', { name: 'Go to Marketplace' }).click();
  await a.getByRole('heading', { name: 'Propose a theme' }).waitFor();
  await propose(a, 'Stille læsesale');
  await propose(b, 'Makerspace for unge');
  await propose(c, 'Åbent om søndagen');
  await propose(a, 'Lektiecafé');
  for (const page of [a, b, c]) await page.getByText('Themes (4)').waitFor();

  // Voting: dots, with the remaining dots shown.
  await f.getByRole('button', { name: 'Run the day' }).click();
  await f.getByRole('button', { name: 'Go to Voting' }).click();
  await a.getByText('Dots left: 5 of 5').waitFor();
  for (const [page, title, n] of [[a, 'Makerspace for unge', 2], [b, 'Makerspace for unge', 3], [b, 'Stille læsesale', 1],
    [c, 'Åbent om søndagen', 2], [c, 'Stille læsesale', 1]]) {
    for (let i = 0; i < n; i += 1) await page.getByRole('button', { name: `Add a dot to ${title}` }).click();
  }
  await a.getByText('Dots left: 3 of 5').waitFor();
  await b.getByText('Dots left: 1 of 5').waitFor();
  await c.locator('.theme', { hasText: 'Makerspace for unge' }).locator('.votes', { hasText: '5' }).waitFor();

  // Groups from the top three, placed in rooms and slots by keyboard-reachable selects.
  await f.getByRole('button', { name: 'Run the day' }).click();
  await f.getByLabel('How many').fill('3');
  await f.getByRole('button', { name: 'Open groups' }).click();
  await f.getByRole('button', { name: 'Go to Breakout groups' }).click();
  await f.getByRole('button', { name: 'Rooms and slots' }).click();
  for (const room of ['Sal A', 'Mødelokale 2']) {
    await f.getByLabel('Room name').fill(room);
    await f.getByRole('button', { name: 'Add room' }).click();
    await f.getByRole('rowheader', { name: room }).waitFor().catch(() => {});
  }
  await f.getByLabel('Slot label').fill('Runde 1');
  await f.getByLabel('Starts (HH:MM)').fill('10:00');
  await f.getByLabel('Ends (HH:MM)').fill('11:00');
  await f.getByRole('button', { name: 'Add slot' }).click();
  await f.getByLabel('Slot label').fill('Runde 2');
  await f.getByLabel('Starts (HH:MM)').fill('11:15');
  await f.getByLabel('Ends (HH:MM)').fill('12:15');
  await f.getByRole('button', { name: 'Add slot' }).click();
  // Place in…: nothing moves until the choice is confirmed.
  const placeIn = async (title, room, slot) => {
    await f.getByRole('button', { name: `Place “${title}”` }).click();
    const form = f.getByRole('form', { name: `Place “${title}”` });
    await form.getByLabel('Room').selectOption({ label: room });
    await form.getByLabel('Time').selectOption({ label: slot });
    await form.getByRole('button', { name: 'Place here' }).click();
    await f.getByRole('cell', { name: new RegExp(title) }).waitFor();
  };
  await placeIn('Makerspace for unge', 'Sal A', 'Runde 1 10:00–11:00');
  await placeIn('Stille læsesale', 'Mødelokale 2', 'Runde 1 10:00–11:00');
  await placeIn('Åbent om søndagen', 'Sal A', 'Runde 2 11:15–12:15');
  await a.getByRole('button', { name: 'Groups' }).click();
  await a.locator('.group', { hasText: 'Makerspace for unge' }).getByText('Sal A · Runde 1 10:00–11:00').waitFor();

  // Notes under sections; everyone in the group sees them live.
  await a.locator('.group', { hasText: 'Makerspace for unge' }).getByRole('button', { name: 'Join' }).click();
  await b.getByRole('button', { name: 'Groups' }).click();
  await b.locator('.group', { hasText: 'Makerspace for unge' }).getByRole('button', { name: 'Join' }).click();
  await a.getByLabel('Sub-heading').fill('Udstyr');
  await a.getByRole('button', { name: 'Add sub-heading' }).click();
  await a.getByRole('heading', { name: 'Udstyr' }).waitFor();
  await a.getByLabel('Under').selectOption({ label: 'Udstyr' });
  await a.getByLabel('Note', { exact: true }).fill('3D-printer og symaskiner');
  await a.getByRole('button', { name: 'Add note' }).click();
  await b.getByLabel('Note', { exact: true }).fill('Åbent til kl. 21 – også i ferierne');
  await b.getByRole('button', { name: 'Add note' }).click();
  await b.getByText('3D-printer og symaskiner').waitFor();
  await a.getByText('Åbent til kl. 21 – også i ferierne').waitFor();
  assert.deepEqual(await axeViolations(a), [], 'group board passes axe');
  await a.locator('.group.here, .board').first().waitFor();

  // The law of two feet: Søren moves between groups in one tap each.
  await c.getByRole('button', { name: 'Groups' }).click();
  await c.locator('.group', { hasText: 'Åbent om søndagen' }).getByRole('button', { name: 'Join' }).click();
  await c.getByRole('button', { name: 'All groups' }).click();
  await c.locator('.group', { hasText: 'Makerspace for unge' }).getByRole('button', { name: 'Move here' }).click();
  await c.getByLabel('Note', { exact: true }).fill('Samarbejde med skolerne 🏫');
  await c.getByRole('button', { name: 'Add note' }).click();
  await a.getByText('Samarbejde med skolerne 🏫').waitFor();
  await f.getByRole('button', { name: 'Groups' }).click();
  await f.locator('.group', { hasText: 'Makerspace for unge' }).getByText('3 here').waitFor();

  // Timer, seen by everyone.
  await f.getByRole('button', { name: 'Run the day' }).click();
  await f.getByLabel('Minutes').fill('15');
  await f.getByLabel('Label', { exact: true }).fill('Pause');
  await f.getByRole('button', { name: 'Start timer' }).click();
  await a.getByRole('timer').filter({ hasText: /Pause 1[45]:\d\d/ }).waitFor();
  assert.ok(await f.getByRole('list').filter({ hasText: 'Stille læsesale' }).count() >= 1, 'silent groups listed');

  // Close, then the export button downloads a recap holding what was written.
  // Closing the day asks first.
  await f.getByRole('button', { name: 'Go to Closed' }).click();
  await f.getByText('Close the day? Participants can then only read.').waitFor();
  assert.equal(await a.locator('.phase', { hasText: 'Closed' }).count(), 0, 'nothing closed before the confirmation');
  await f.getByRole('button', { name: 'Close the day' }).click();
  await a.locator('.phase', { hasText: 'Closed' }).waitFor();
  await f.getByRole('button', { name: 'Summary' }).click();
  const download = f.waitForEvent('download');
  await f.getByRole('button', { name: 'Recap (Markdown)' }).click();
  const file = await (await download).path();
  const { readFileSync } = await import('node:fs');
  const recap = readFileSync(file, 'utf8');
  for (const text of ['# Fremtidens bibliotek 📚', '## Makerspace for unge', '### Udstyr', '- 3D-printer og symaskiner',
    'Åbent til kl. 21 – også i ferierne', 'Samarbejde med skolerne 🏫', 'Lektiecafé']) {
    assert.ok(recap.includes(text), `recap holds ${text}:\n${recap}`);
  }
  const saved = await archive(server, workshop, key);
  assert.equal(saved.state.notes.length, 3);
  assert.equal(saved.state.phase, 'closed');

  await a.screenshot({ path: saveArtifact('participant-360x740.png') });
  // The projector gets a wall link of its own, never the facilitator key.
  const wallLink = await (await fetch(`${server.url}/api/workshops/${workshop}/wall-link?key=${key}`, { method: 'POST' })).json();
  const wall = await newPerson(browser, { width: 1920, height: 1080 });
  await wall.page.goto(wallLink.wall_url);
  await wall.page.getByRole('heading', { name: 'Fremtidens bibliotek 📚' }).waitFor();
  await wall.page.getByText('Thank you for today').waitFor();
  await wall.page.screenshot({ path: saveArtifact('wall-1920x1080.png') });
  assert.deepEqual(await axeViolations(wall.page), [], 'wall passes axe');
  const summary = await newPerson(browser, { width: 1024, height: 768 });
  await summary.page.goto(`${server.url}/w/${workshop}#view=summary&key=${key}`);
  await summary.page.getByRole('button', { name: 'Archive (JSON)' }).waitFor();
  assert.deepEqual(await axeViolations(summary.page), [], 'summary page passes axe');
  for (const p of [f, a, b, c, wall.page, summary.page]) assert.deepEqual(p.errors, [], 'no script errors');
});
