// The schedule as a facilitator uses it: groups dragged from the pool into a room×slot cell and
// back, a taken cell refusing a drop, and the keyboard's "Place in…", where choosing a room and a
// time moves nothing until "Place here" (the server's own archive says what was placed).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, createWorkshop, launchBrowser, newPerson, speakWith, startServer } from './support.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/** A day in breakouts with two groups, two rooms and two slots, and its console on a laptop. */
async function dayWithGroups(title) {
  const w = await createWorkshop(server, { title, language: 'en', facilitator_name: 'Liv' });
  const hello = { type: 'hello', protocol: 1, workshop: w.id, facilitator_key: w.facilitator_key };
  const made = await speakWith(browser, server, { hello, commands: [
    { type: 'workshop.set_phase', phase: 'marketplace' },
    { type: 'theme.propose', title: 'Harbour baths' },
    { type: 'theme.propose', title: 'Night buses' },
    { type: 'workshop.set_phase', phase: 'breakouts' },
    { type: 'room.add', name: 'Hall', capacity: 30 },
    { type: 'room.add', name: 'Library' },
    { type: 'slot.add', label: 'Morning', start: '09:00', end: '10:00' },
    { type: 'slot.add', label: 'Afternoon', start: '13:00', end: '14:00' },
  ] });
  const [, baths, buses, , hall, library, morning, afternoon] = made.map((ack) => ack.id);
  const opened = await speakWith(browser, server, { hello, commands: [
    { type: 'group.open', theme: baths }, { type: 'group.open', theme: buses },
  ] });
  const { page } = await newPerson(browser, { width: 1440, height: 900 });
  await page.goto(`${server.url}/w/${w.id}#key=${w.facilitator_key}`);
  await page.getByRole('button', { name: 'Rooms and slots' }).click();
  await page.locator('.pool .chip').nth(1).waitFor();
  const ids = { baths: opened[0].id, buses: opened[1].id, hall, library, morning, afternoon };
  return { w, hello, page, ids };
}

/** The workshop as the server holds it: its archive, fetched with the facilitator key in a header. */
async function stored(w) {
  const r = await fetch(`${server.url}/api/workshops/${w.id}/export.json`, {
    headers: { Authorization: `Bearer ${w.facilitator_key}` },
  });
  assert.equal(r.status, 200);
  return r.json();
}

const placeOf = (archive, id) => {
  const g = archive.state.groups.find((x) => x.id === id);
  return { room: g.room, slot: g.slot };
};
const placements = (archive) => archive.events.filter((e) => e.type === 'group.placed');
const cell = (page, room, slot) => page.locator(`td.cell[data-room="${room}"][data-slot="${slot}"]`);

/**
 * Sends a command of another client's and waits until the page shows its seq: whatever the page
 * sent before it has then reached the server too.
 */
async function settle(page, hello, label) {
  const [ack] = await speakWith(browser, server, { hello, commands: [{ type: 'room.add', name: label }] });
  await page.locator(`.app[data-seq="${ack.seq}"]`).waitFor();
}

test('a group dragged from the pool into a free cell is placed there, a taken cell takes none, and the pool takes it back', async () => {
  const { w, hello, page, ids } = await dayWithGroups('Drag day');
  const baths = page.locator('.chip', { hasText: 'Harbour baths' });
  await page.locator('.pool .chip', { hasText: 'Harbour baths' }).dragTo(cell(page, ids.hall, ids.afternoon));
  await cell(page, ids.hall, ids.afternoon).locator('.chip', { hasText: 'Harbour baths' }).waitFor();
  assert.deepEqual(placeOf(await stored(w), ids.baths), { room: ids.hall, slot: ids.afternoon });
  await page.getByRole('heading', { name: 'Not placed yet (1)' }).waitFor();

  // A taken cell has no drop target: the second group stays in the pool.
  await page.locator('.pool .chip', { hasText: 'Night buses' }).dragTo(cell(page, ids.hall, ids.afternoon));
  await settle(page, hello, 'Annex');
  let archive = await stored(w);
  assert.deepEqual(placeOf(archive, ids.buses), { room: 0, slot: 0 });
  assert.equal(placements(archive).length, 1);

  await page.locator('.pool .chip', { hasText: 'Night buses' }).dragTo(cell(page, ids.library, ids.morning));
  await cell(page, ids.library, ids.morning).locator('.chip', { hasText: 'Night buses' }).waitFor();
  await page.getByText('Every group has a room and a time.').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the schedule with every group placed passes axe');

  await baths.dragTo(page.locator('section.pool'));
  await page.locator('.pool .chip', { hasText: 'Harbour baths' }).waitFor();
  archive = await stored(w);
  assert.deepEqual(placeOf(archive, ids.baths), { room: 0, slot: 0 });
  assert.deepEqual(placeOf(archive, ids.buses), { room: ids.library, slot: ids.morning });
  assert.equal(placements(archive).length, 3);
  assert.deepEqual(page.errors, []);
});

test('"Place in…" by keyboard moves nothing until confirmed, keeps focus, and warns of a taken cell', async () => {
  const { w, hello, page, ids } = await dayWithGroups('Keyboard placing');
  const open = page.getByRole('button', { name: 'Place “Night buses”', exact: true });
  await open.press('Enter');
  const form = page.getByRole('form', { name: 'Place “Night buses”' });
  await form.getByLabel('Room').press('ArrowDown');
  await form.getByLabel('Time').press('ArrowDown');
  assert.equal(await form.getByLabel('Room').inputValue(), String(ids.library));
  assert.equal(await form.getByLabel('Time').inputValue(), String(ids.afternoon));
  await settle(page, hello, 'Annex');
  assert.equal(placements(await stored(w)).length, 0, 'choosing a room and a time places nothing');

  // Escape leaves the group where it was, with focus back on its button.
  await form.getByLabel('Time').press('Escape');
  await form.waitFor({ state: 'detached' });
  await page.waitForFunction((button) => button === document.activeElement, await open.elementHandle(), { timeout: 5000 });

  await open.press('Enter');
  await form.getByLabel('Room').press('ArrowDown');
  await form.getByLabel('Time').press('ArrowDown');
  await form.getByRole('button', { name: 'Place here' }).press('Enter');
  await cell(page, ids.library, ids.afternoon).locator('.chip', { hasText: 'Night buses' }).waitFor();
  // Focus follows the group into its cell, never to the page.
  await page.waitForFunction(() => document.activeElement?.closest('td.cell') !== null);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Place “Night buses”');
  let archive = await stored(w);
  assert.deepEqual(placeOf(archive, ids.buses), { room: ids.library, slot: ids.afternoon });
  assert.equal(placements(archive).length, 1);

  // The other group, aimed at that cell, is told who holds it and cannot be placed there.
  await page.getByRole('button', { name: 'Place “Harbour baths”', exact: true }).press('Enter');
  const other = page.getByRole('form', { name: 'Place “Harbour baths”' });
  await other.getByLabel('Room').press('ArrowDown');
  await other.getByLabel('Time').press('ArrowDown');
  await other.getByText('Taken by “Night buses”.').waitFor();
  assert.equal(await other.getByRole('button', { name: 'Place here' }).isDisabled(), true);
  assert.deepEqual(await axeViolations(page), [], 'the schedule with a taken cell passes axe');
  await other.getByRole('button', { name: 'Cancel' }).press('Enter');
  await settle(page, hello, 'Loft');
  archive = await stored(w);
  assert.deepEqual(placeOf(archive, ids.baths), { room: 0, slot: 0 });
  assert.equal(placements(archive).length, 1);
  assert.deepEqual(page.errors, []);
});
