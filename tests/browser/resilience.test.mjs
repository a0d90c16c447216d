// Bad venue Wi-Fi: the network drops while people write, and the server restarts under them.
// Every note must end up saved exactly once, without a page reload.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { archive, createWorkshop, launchBrowser, newPerson, startServer } from './support.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/** A workshop in the breakouts phase with one group, opened through the protocol by the host. */
async function workshopWithGroup() {
  const w = await createWorkshop(server, { title: 'Trafik i midtbyen 🚦', language: 'da' });
  const host = await newPerson(browser);
  await host.page.goto(`${server.url}/w/${w.id}#key=${w.facilitator_key}&join=${w.join_code}`);
  await host.page.getByRole('status').filter({ hasText: 'Forbundet' }).waitFor();
  await host.page.getByRole('button', { name: 'Styr dagen' }).click();
  await host.page.getByRole('button', { name: 'Gå til Markedsplads' }).click();
  await host.page.getByRole('button', { name: 'Markedsplads' }).first().click();
  await host.page.getByLabel('Emne', { exact: true }).fill('Cykelparkering ved stationen');
  await host.page.getByRole('button', { name: 'Foreslå' }).click();
  await host.page.getByRole('button', { name: 'Opret gruppe' }).click();
  await host.page.getByRole('button', { name: 'Styr dagen' }).click();
  await host.page.getByRole('button', { name: 'Gå til Grupper' }).click();
  return { w, host };
}

/** A participant on a phone who joins with `name` and opens the workshop's one group. */
async function joinGroup(w, name) {
  const person = await newPerson(browser, { width: 360, height: 740 });
  await person.page.goto(`${server.url}/w/${w.id}#join=${w.join_code}`);
  await person.page.getByLabel('Dit navn').fill(name);
  await person.page.getByRole('button', { name: 'Deltag' }).click();
  await person.page.getByRole('button', { name: 'Deltag' }).first().click();
  await person.page.getByRole('heading', { name: 'Cykelparkering ved stationen' }).waitFor();
  return person;
}

async function writeNote(page, text) {
  await page.getByLabel('Note', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Tilføj note' }).click();
}

test('notes written while offline are saved exactly once when the network returns', async () => {
  const { w } = await workshopWithGroup();
  const { context, page } = await joinGroup(w, 'Ærlige Åge');
  await writeNote(page, 'Før afbrydelsen');
  await page.getByText('af Ærlige Åge').waitFor();

  await context.setOffline(true);
  const offline = ['Overdækkede stativer', 'Plads til ladcykler 🚲', 'Bedre lys om aftenen'];
  for (const text of offline) await writeNote(page, text);
  await page.getByText('Ikke gemt endnu (3)').waitFor();
  for (const text of offline) await page.locator('.note.pending', { hasText: text }).waitFor();

  await context.setOffline(false);
  await page.locator('.badge-unsaved').waitFor({ state: 'detached' });
  await page.getByRole('status').filter({ hasText: 'Forbundet' }).waitFor();
  const saved = await archive(server, w.id, w.facilitator_key);
  const texts = saved.state.notes.map((n) => n.text).sort();
  assert.deepEqual(texts, ['Før afbrydelsen', ...offline].sort());
  assert.deepEqual(page.errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED')), []);
});

test('a server restart under an open page loses nothing and needs no reload', async () => {
  const { w } = await workshopWithGroup();
  const { page } = await joinGroup(w, 'Jørgen');
  await writeNote(page, 'Skrevet før genstarten');
  await page.getByText('af Jørgen').first().waitFor();
  const marker = await page.evaluate(() => { window.samePage = true; return window.samePage; });

  await server.kill();
  await page.getByRole('status').filter({ hasText: /Offline|Genopretter/ }).waitFor();
  await writeNote(page, 'Skrevet mens serveren var nede');
  await page.getByText('Ikke gemt endnu (1)').waitFor();
  await server.start();
  await page.locator('.badge-unsaved').waitFor({ state: 'detached', timeout: 30000 });
  await writeNote(page, 'Skrevet efter genstarten');
  await page.locator('.note', { hasText: 'Skrevet efter genstarten' }).getByText('af Jørgen').waitFor();
  assert.equal(await page.evaluate(() => window.samePage), marker, 'the page was never reloaded');
  const saved = await archive(server, w.id, w.facilitator_key);
  assert.deepEqual(saved.state.notes.map((n) => n.text),
    ['Skrevet før genstarten', 'Skrevet mens serveren var nede', 'Skrevet efter genstarten']);
});

test('every client reconnects by itself after a restart and all converge to the same state', async () => {
  const { w, host } = await workshopWithGroup();
  const people = [];
  for (const name of ['Ida', 'Ole', 'Åsa']) {
    people.push((await joinGroup(w, name)).page);
  }
  await server.kill();
  for (const page of people) await page.getByRole('status').filter({ hasText: /Offline|Genopretter/ }).waitFor();
  // Each writes while the server is down; nobody reloads.
  for (const [i, page] of people.entries()) await writeNote(page, `Idé ${i + 1} skrevet under nedetiden`);
  await server.start();
  const expected = people.map((_, i) => `Idé ${i + 1} skrevet under nedetiden`);
  for (const page of [...people, host.page]) {
    if (page === host.page) {
      await page.getByRole('button', { name: 'Grupper' }).first().click();
      await page.getByRole('button', { name: 'Åbn tavlen' }).click();
    }
    for (const text of expected) await page.locator('.note:not(.pending)', { hasText: text }).waitFor({ timeout: 30000 });
  }
  const boards = await Promise.all([...people, host.page].map((page) => page.locator('.note-text').allTextContents()));
  for (const board of boards) assert.deepEqual([...board].sort(), [...boards[0]].sort());
  const saved = await archive(server, w.id, w.facilitator_key);
  assert.deepEqual(saved.state.notes.map((n) => n.text).sort(), [...expected].sort());
});

test('after a graceful restart every page comes back by itself with the same notes, seq and presence', async () => {
  const { w, host } = await workshopWithGroup();
  const joined = {};
  for (const name of ['Ida', 'Ole', 'Åsa']) {
    joined[name] = await joinGroup(w, name);
  }
  // Ida and Ole become co-facilitators, so that their pages show who is online, as the host's does.
  await host.page.getByRole('button', { name: 'Deltagere', exact: true }).click();
  for (const name of ['Ida', 'Ole']) {
    await host.page.locator('.person', { hasText: name }).getByRole('button', { name: 'Gør til facilitator' }).click();
    await joined[name].page.getByRole('button', { name: 'Deltagere', exact: true }).waitFor();
  }
  const pages = [host.page, joined.Ida.page, joined.Ole.page];
  const asa = joined['Åsa'];
  await writeNote(asa.page, 'Åsa var her 🌷');
  for (const page of pages) {
    await page.getByRole('button', { name: 'Deltagere', exact: true }).click();
    await page.locator('.person', { hasText: 'Åsa' }).getByText('online', { exact: false }).waitFor();
  }

  assert.equal(await server.terminate(), 0, 'SIGTERM stops the server cleanly');
  for (const page of [...pages, asa.page]) await page.getByRole('status').filter({ hasText: /Offline|Genopretter/ }).waitFor();
  // Åsa goes home while the server is down; Ida and Ole write on.
  await asa.context.close();
  for (const name of ['Ida', 'Ole']) {
    const page = joined[name].page;
    await page.getByRole('button', { name: 'Min gruppe', exact: true }).click();
    await writeNote(page, `${name} skrev mens serveren var stoppet ✍️`);
  }
  await server.start();
  for (const page of pages) {
    await page.getByRole('status').filter({ hasText: 'Forbundet' }).waitFor({ timeout: 30000 });
    await page.locator('.badge-unsaved').waitFor({ state: 'detached', timeout: 30000 });
  }
  // A note written once all are back marks the end of what their reconnections brought.
  await writeNote(joined.Ida.page, 'Alle er tilbage ✅');
  await host.page.getByRole('button', { name: 'Grupper' }).first().click();
  await host.page.getByRole('button', { name: 'Åbn tavlen' }).click();
  for (const page of pages) await page.locator('.note:not(.pending)', { hasText: 'Alle er tilbage ✅' }).waitFor();

  const saved = await archive(server, w.id, w.facilitator_key);
  const stored = saved.state.notes.map((n) => n.text).sort();
  assert.deepEqual(stored, ['Alle er tilbage ✅', 'Ida skrev mens serveren var stoppet ✍️', 'Ole skrev mens serveren var stoppet ✍️',
    'Åsa var her 🌷'].sort());
  const shown = [];
  for (const page of pages) {
    const seq = Number(await page.locator('.app').getAttribute('data-seq'));
    const notes = (await page.locator('.note-text').allTextContents()).sort();
    await page.getByRole('button', { name: 'Deltagere', exact: true }).click();
    const people = await page.locator('.person').evaluateAll((items) => items.map((li) => ({
      name: li.querySelector('.person-name').textContent,
      online: li.querySelector('.meta').textContent.includes('online'),
    })));
    shown.push({ seq, notes, people: people.sort((a, b) => a.name.localeCompare(b.name)) });
  }
  for (const view of shown) {
    assert.equal(view.seq, saved.state.seq);
    assert.deepEqual(view.notes, stored);
    assert.deepEqual(view.people, shown[0].people);
  }
  const online = Object.fromEntries(shown[0].people.map((p) => [p.name, p.online]));
  assert.deepEqual(online, { Facilitator: true, Ida: true, Ole: true, Åsa: false });
});
