// The facilitator console and the phone as the day needs them: a keyboard-only facilitator from
// creating the workshop to closing the day, slips undone for everyone, refusals in the person's
// language, and the locked, removed and closed states as screens; axe on every view and state.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { archive, axeViolations, createWorkshop, launchBrowser, newPerson, speakWith, startServer } from './support.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function noAxe(page, what) { assert.deepEqual(await axeViolations(page), [], `${what} passes axe`); }

/** Presses Enter on a control found by role and name: the keyboard, never the pointer. */
const press = (page, role, name) => page.getByRole(role, { name, exact: true }).press('Enter');

async function join(w, name, viewport = { width: 360, height: 740 }) {
  const person = await newPerson(browser, viewport);
  await person.page.goto(`${server.url}/w/${w.id}#join=${w.join_code}`);
  await person.page.getByLabel('Your name').fill(name);
  await person.page.getByRole('button', { name: 'Join' }).press('Enter');
  await person.page.locator('.now-card').waitFor();
  return person;
}

test('a keyboard-only facilitator runs a day from creating it to closing it', async () => {
  const { page: f } = await newPerson(browser, { width: 1440, height: 900 });
  await f.goto(`${server.url}/`);
  await f.getByLabel('Title').fill('Keyboard day');
  await f.getByLabel('Purpose').fill('Everything by keyboard.');
  await f.getByLabel('Language', { exact: true }).selectOption('en');
  await f.getByLabel('Your name').fill('Kim');
  await press(f, 'button', 'Create workshop');
  await f.getByRole('heading', { name: 'Keep this link: it is your key' }).waitFor();
  await noAxe(f, 'the console with the kept link');
  await press(f, 'button', 'I have saved it');
  await press(f, 'button', 'Next: Marketplace');
  await press(f, 'button', 'Marketplace');
  for (const title of ['Parking', 'Parking again', 'Trees']) {
    await f.getByRole('textbox', { name: 'Theme' }).fill(title);
    await press(f, 'button', 'Propose');
    await f.locator('.theme h3', { hasText: new RegExp(`^${title}$`) }).waitFor();
  }
  await press(f, 'button', 'Run the day');
  await press(f, 'button', 'Next: Voting');
  await press(f, 'button', 'Open groups');
  await f.getByRole('button', { name: 'Undo' }).waitFor();
  await press(f, 'button', 'Next: Breakout groups');
  await press(f, 'button', 'Rooms and slots');
  await f.getByLabel('Room name').fill('Hall');
  await press(f, 'button', 'Add room');
  await f.getByLabel('Slot label').fill('Round 1');
  await press(f, 'button', 'Add slot');
  await f.getByRole('cell', { name: 'free' }).waitFor();
  await press(f, 'button', 'Place “Trees”');
  const form = f.getByRole('form', { name: 'Place “Trees”' });
  await form.getByRole('button', { name: 'Place here' }).waitFor();
  assert.equal(await f.getByRole('cell', { name: /Trees/ }).count(), 0, 'nothing moves before the confirmation');
  await noAxe(f, 'the schedule with place in…');
  await form.getByRole('button', { name: 'Place here' }).press('Enter');
  await f.getByRole('cell', { name: /Trees/ }).waitFor();
  await press(f, 'button', 'People');
  await noAxe(f, 'the people list');
  await press(f, 'button', 'Run the day');
  await press(f, 'button', 'Next: Sharing back');
  await press(f, 'button', 'Next: Closed');
  await f.getByText('Close the day? Participants can then only read.').waitFor();
  await noAxe(f, 'the close confirmation');
  await press(f, 'button', 'Close the day');
  await f.locator('.phase', { hasText: 'Closed' }).waitFor();
  await press(f, 'button', 'Summary');
  await noAxe(f, 'the summary tab');
});

test('slips are undone with real commands that everyone sees', async () => {
  const w = await createWorkshop(server, { title: 'Undo day', language: 'en', facilitator_name: 'Uma' });
  const host = { type: 'hello', protocol: 1, workshop: w.id, facilitator_key: w.facilitator_key };
  const made = await speakWith(browser, server, { hello: host, commands: [
    { type: 'workshop.set_phase', phase: 'marketplace' },
    { type: 'theme.propose', title: 'Bike lanes' },
  ] });
  const [ana, ben] = [await join(w, 'Ana'), await join(w, 'Ben')];
  await ana.page.getByRole('textbox', { name: 'Theme' }).fill('My own idea');
  await ana.page.getByRole('button', { name: 'Propose' }).press('Enter');
  await ben.page.getByText('My own idea').waitFor();
  await ana.page.locator('.theme', { hasText: 'My own idea' }).getByRole('button', { name: 'Withdraw' }).press('Enter');
  await ben.page.getByText('My own idea').waitFor({ state: 'detached' });
  await noAxe(ana.page, 'the phone with an undo offer');
  await ana.page.getByRole('button', { name: 'Undo' }).press('Enter');
  await ben.page.getByText('My own idea').waitFor();

  await speakWith(browser, server, { hello: host, commands: [
    { type: 'workshop.set_phase', phase: 'breakouts' }, { type: 'group.open', theme: made[1].id },
  ] });
  await ana.page.getByRole('button', { name: 'Groups' }).press('Enter');
  await ana.page.locator('.group', { hasText: 'Bike lanes' }).getByRole('button', { name: 'Join' }).press('Enter');
  await ana.page.getByLabel('Note', { exact: true }).fill('Painted lanes are not enough');
  await ana.page.getByRole('button', { name: 'Add note' }).press('Enter');
  await ben.page.getByRole('button', { name: 'Groups' }).press('Enter');
  await ben.page.getByRole('button', { name: 'Open board' }).press('Enter');
  await ben.page.locator('.note:not(.pending)', { hasText: 'Painted lanes are not enough' }).waitFor();
  await ana.page.locator('.note', { hasText: 'Painted lanes' }).getByRole('button', { name: 'Delete' }).press('Enter');
  await ben.page.locator('.note', { hasText: 'Painted lanes' }).waitFor({ state: 'detached' });
  await ana.page.getByRole('button', { name: 'Undo' }).press('Enter');
  await ben.page.locator('.note:not(.pending)', { hasText: 'Painted lanes are not enough' }).waitFor();
  await noAxe(ben.page, 'a board on a phone');
});

test('a refusal is said in the person language, with its limit', async () => {
  const w = await createWorkshop(server, { title: 'Sprog', language: 'da' });
  await speakWith(browser, server, { hello: { type: 'hello', protocol: 1, workshop: w.id, facilitator_key: w.facilitator_key },
    commands: [{ type: 'workshop.set_phase', phase: 'marketplace' }] });
  const person = await newPerson(browser, { width: 360, height: 740 });
  await person.page.goto(`${server.url}/w/${w.id}#join=${w.join_code}`);
  await person.page.getByLabel('Dit navn').fill('Søren');
  await person.page.getByRole('button', { name: 'Deltag' }).press('Enter');
  const title = person.page.getByRole('textbox', { name: 'Emne' });
  await title.evaluate((input) => input.removeAttribute('maxlength'));
  await title.fill('ø'.repeat(230));
  await person.page.getByRole('button', { name: 'Foreslå' }).press('Enter');
  await person.page.getByText('Ikke udført: “titel” er for lang: højst 200 tegn.').waitFor();
});

test('locked, removed and closed are clear screens, never a hang', async () => {
  const w = await createWorkshop(server, { title: 'States', language: 'en' });
  const host = { type: 'hello', protocol: 1, workshop: w.id, facilitator_key: w.facilitator_key };
  const cara = await join(w, 'Cara');
  await speakWith(browser, server, { hello: host, commands: [{ type: 'workshop.lock' }] });
  const late = await newPerson(browser, { width: 360, height: 740 });
  await late.page.goto(`${server.url}/w/${w.id}#join=${w.join_code}`);
  await late.page.getByLabel('Your name').fill('Late Lou');
  await late.page.getByRole('button', { name: 'Join' }).press('Enter');
  await late.page.getByRole('heading', { name: 'The workshop is locked' }).waitFor();
  await noAxe(late.page, 'the locked screen');

  await speakWith(browser, server, { hello: host, commands: [{ type: 'workshop.unlock' }, { type: 'workshop.set_phase', phase: 'closed' }] });
  await cara.page.getByRole('heading', { name: 'The day is closed' }).waitFor();
  await noAxe(cara.page, 'the closed day on a phone');
  const me = (await archive(server, w.id, w.facilitator_key)).state.participants.find((p) => p.name === 'Cara').id;
  await speakWith(browser, server, { hello: host, commands: [{ type: 'participant.remove', participant: me }] });
  await cara.page.getByRole('heading', { name: 'You are no longer in this workshop' }).waitFor();
  assert.equal(await cara.page.getByRole('button').count(), 0, 'a removed person has nothing left to press');
  await noAxe(cara.page, 'the removed screen');
});

test('the status follows the network at once, and a reload offline opens the app with its queue', async () => {
  const w = await createWorkshop(server, { title: 'Offline', language: 'en' });
  const host = { type: 'hello', protocol: 1, workshop: w.id, facilitator_key: w.facilitator_key };
  const made = await speakWith(browser, server, { hello: host, commands: [
    { type: 'workshop.set_phase', phase: 'marketplace' }, { type: 'theme.propose', title: 'Trains' },
  ] });
  await speakWith(browser, server, { hello: host, commands: [
    { type: 'workshop.set_phase', phase: 'breakouts' }, { type: 'group.open', theme: made[1].id },
  ] });
  const dora = await join(w, 'Dora');
  await dora.page.evaluate(() => navigator.serviceWorker.ready);
  await dora.page.getByRole('button', { name: 'Groups' }).press('Enter');
  await dora.page.getByRole('button', { name: 'Join' }).press('Enter');
  await dora.page.getByLabel('Note', { exact: true }).waitFor();
  // Let the kept copy of the state be written, then lose the network.
  await dora.page.waitForFunction(() => Object.keys(localStorage).some((k) => k.endsWith(':snapshot:member')));
  await dora.context.setOffline(true);
  await dora.page.getByRole('status').filter({ hasText: /Offline|Reconnecting/ }).waitFor({ timeout: 2000 });
  await dora.page.getByLabel('Note', { exact: true }).fill('Written on the train');
  await dora.page.getByRole('button', { name: 'Add note' }).press('Enter');
  await dora.page.getByText('Not yet saved (1)').waitFor();
  await dora.page.reload();
  await dora.page.getByText('Not yet saved (1)').waitFor();
  await dora.page.getByRole('button', { name: 'My group' }).press('Enter');
  await dora.page.locator('.note.pending', { hasText: 'Written on the train' }).waitFor();
  await dora.context.setOffline(false);
  await dora.page.locator('.badge-unsaved').waitFor({ state: 'detached', timeout: 30000 });
  const saved = await archive(server, w.id, w.facilitator_key);
  assert.deepEqual(saved.state.notes.map((n) => n.text), ['Written on the train']);
});

test('long compound words wrap inside their cards at 320 px, without sideways scrolling', async () => {
  const long = 'Trafiksikkerhedsforanstaltningsgennemgangsudvalgsmødereferatet';
  const w = await createWorkshop(server, { title: `${long} i Søby`, language: 'da', purpose: `${long} ${long}` });
  const host = { type: 'hello', protocol: 1, workshop: w.id, facilitator_key: w.facilitator_key };
  await speakWith(browser, server, { hello: host, commands: [
    { type: 'workshop.set_phase', phase: 'marketplace' }, { type: 'theme.propose', title: long, details: long },
  ] });
  const p = await newPerson(browser, { width: 320, height: 640 });
  await p.page.goto(`${server.url}/w/${w.id}#join=${w.join_code}`);
  await p.page.getByLabel('Dit navn').fill(long);
  await p.page.getByRole('button', { name: 'Deltag' }).press('Enter');
  await p.page.locator('.theme h3', { hasText: long }).waitFor();
  const overflowing = await p.page.evaluate(() => [...document.querySelectorAll('.card, .now-card, .bar, .theme h3')]
    .filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.className));
  assert.deepEqual(overflowing, []);
  assert.ok(await p.page.evaluate(() => document.documentElement.scrollWidth <= 320));
  assert.equal(await p.page.evaluate(() => document.documentElement.lang), 'da', 'hyphenation follows the page language');
});
