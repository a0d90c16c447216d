// The convener renames their group on its board from a phone: a small editor that takes focus,
// gives it back, cancels with Escape, and follows the theme again when emptied; others see the new
// heading and get no editor.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, createWorkshop, launchBrowser, newPerson, speakWith, startServer } from './support.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function joinPhone(w, name) {
  const { page } = await newPerson(browser, { width: 360, height: 740 });
  await page.goto(`${server.url}/w/${w.id}#join=${w.join_code}`);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.locator('.now-card').waitFor();
  // The person's id, from the copy of the state the page keeps for offline reloads.
  const me = await (await page.waitForFunction(() => {
    const key = Object.keys(localStorage).find((k) => k.endsWith(':snapshot:member'));
    return key && JSON.parse(localStorage.getItem(key)).me;
  })).jsonValue();
  return { page, me };
}

async function openBoard(page) {
  await page.getByRole('button', { name: 'Groups', exact: true }).click();
  await page.locator('.group').getByRole('button', { name: 'Join' }).press('Enter');
  await page.locator('#board-heading').waitFor();
}

/** Waits until the focused element goes by `label` (its aria-label or its label's text): focus
 * moves in an effect after the render, so it is awaited, not read at once. */
const focusIs = (page, label) => page.waitForFunction((want) => {
  const el = document.activeElement;
  const got = el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].textContent : el.tagName);
  return got === want;
}, label, { timeout: 5000 });

test('the convener edits their group heading on the board; others see it and get no editor', async () => {
  const w = await createWorkshop(server, { title: 'Headings', language: 'en', facilitator_name: 'Liv' });
  const hello = { type: 'hello', protocol: 1, workshop: w.id, facilitator_key: w.facilitator_key };
  const made = await speakWith(browser, server, { hello, commands: [
    { type: 'workshop.set_phase', phase: 'marketplace' },
    { type: 'theme.propose', title: 'Harbour baths' },
    { type: 'workshop.set_phase', phase: 'breakouts' },
  ] });
  const [group] = await speakWith(browser, server, { hello, commands: [{ type: 'group.open', theme: made[1].id }] });
  const ana = await joinPhone(w, 'Ana');
  const ben = await joinPhone(w, 'Ben');
  await speakWith(browser, server, { hello, commands: [{ type: 'group.set_convener', group: group.id, convener: ana.me }] });
  await openBoard(ana.page);
  await openBoard(ben.page);
  assert.equal(await ben.page.locator('.edit-heading').count(), 0, 'a member who is not the convener has no editor');

  const edit = ana.page.getByRole('button', { name: 'Edit the heading of Harbour baths' });
  const box = await edit.boundingBox();
  assert.ok(box.width >= 44 && box.height >= 44, `the edit button is ${box.width}×${box.height}`);
  await edit.press('Enter');
  const field = ana.page.getByLabel('Heading of this group');
  await focusIs(ana.page, 'Heading of this group');
  assert.deepEqual(await axeViolations(ana.page), [], 'the board with the heading editor passes axe');
  await field.fill('Harbour baths and a sauna for everyone in Kommuneplanlægningsudvalget');
  await field.press('Escape');
  await field.waitFor({ state: 'detached' });
  await focusIs(ana.page, 'Edit the heading of Harbour baths');

  await edit.press('Enter');
  await field.fill('Sea baths all year');
  await field.press('Enter');
  await ben.page.getByRole('heading', { name: 'Sea baths all year' }).waitFor();
  await ana.page.getByRole('heading', { name: 'Sea baths all year' }).waitFor();
  await focusIs(ana.page, 'Edit the heading of Sea baths all year');
  const scroll = await ana.page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  assert.ok(scroll <= 0, `no sideways scrolling (${scroll} px)`);

  // Emptied, the heading follows the theme again.
  await ana.page.getByRole('button', { name: 'Edit the heading of Sea baths all year' }).press('Enter');
  await field.fill('');
  await ana.page.getByRole('button', { name: 'Save heading' }).press('Enter');
  await ben.page.getByRole('heading', { name: 'Harbour baths' }).waitFor();
  assert.deepEqual([...ana.page.errors, ...ben.page.errors], []);
});
