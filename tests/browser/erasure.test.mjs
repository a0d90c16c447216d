// Erasure in the browser: a facilitator forgets someone from the people list, a participant
// erases themself from their menu, a facilitator deletes the workshop; each screen says what
// happened, focus never drops to the page, and axe finds nothing serious on any of these states.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { archive, axeViolations, createWorkshop, launchBrowser, newPerson, saveArtifact, speakWith, startServer } from './support.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function noAxe(page, what) { assert.deepEqual(await axeViolations(page), [], `${what} passes axe`); }

async function joinPhone(w, name) {
  const person = await newPerson(browser, { width: 360, height: 740 }, { hasTouch: true, isMobile: true });
  await person.page.goto(`${server.url}/w/${w.id}#join=${w.join_code}`);
  await person.page.getByLabel('Your name').fill(name);
  await person.page.getByRole('button', { name: 'Join' }).click();
  await person.page.locator('.now-card').waitFor();
  return person;
}

async function breakouts(w) {
  const hello = { type: 'hello', protocol: 1, workshop: w.id, facilitator_key: w.facilitator_key };
  const made = await speakWith(browser, server, { hello, commands: [
    { type: 'workshop.set_phase', phase: 'marketplace' }, { type: 'theme.propose', title: 'Havnebade' },
    { type: 'workshop.set_phase', phase: 'breakouts' },
  ] });
  const [group] = await speakWith(browser, server, { hello, commands: [{ type: 'group.open', theme: made[1].id }] });
  return group.id;
}

/** Waits until the focused element is the one showing `text`: focus moves after a render. */
const focusOn = (page, text) => page.waitForFunction((t) => document.activeElement && document.activeElement.textContent.trim() === t, text, { timeout: 5000 });

test('a facilitator forgets a participant with what they wrote; their phone says their name is erased', async () => {
  const w = await createWorkshop(server, { title: 'Glemsel', language: 'en', facilitator_name: 'Liv' });
  await breakouts(w);
  const zelie = await joinPhone(w, 'Zélie Kaldestrand');
  const { page: f } = await newPerson(browser, { width: 1440, height: 900 });
  await f.goto(`${server.url}/w/${w.id}#key=${w.facilitator_key}&join=${w.join_code}`);
  await f.getByRole('button', { name: 'People', exact: true }).click();
  const row = f.locator('tr.person', { hasText: 'Zélie Kaldestrand' });
  await row.getByRole('button', { name: 'Forget…' }).click();
  const question = f.getByRole('group', { name: /Forget Zélie Kaldestrand\?/ });
  await question.waitFor();
  await focusOn(f, 'Cancel');
  // Cancelling puts the focus back on the button that asked.
  await question.getByRole('button', { name: 'Cancel' }).press('Enter');
  await focusOn(f, 'Forget…');
  await row.getByRole('button', { name: 'Forget…' }).press('Enter');
  await f.getByRole('radio', { name: 'Delete it too' }).check();
  await noAxe(f, 'the forget question');
  await f.screenshot({ path: saveArtifact('forget-question-1440.png') });
  await f.getByRole('button', { name: 'Forget for good' }).click();
  await zelie.page.getByRole('heading', { name: 'Your name is erased' }).waitFor();
  await noAxe(zelie.page, 'the erased screen');
  await zelie.page.screenshot({ path: saveArtifact('forgotten-360.png') });
  // Gone from the people list, and from the archive, once the log is rewritten.
  await row.waitFor({ state: 'detached' });
  const kept = await archive(server, w.id, w.facilitator_key);
  assert.ok(!JSON.stringify(kept).includes('Kaldestrand'));
  assert.deepEqual(f.errors, []);
  assert.deepEqual(zelie.page.errors, []);
});

test('a participant erases themself from their menu, keeping what they wrote', async () => {
  const w = await createWorkshop(server, { title: 'Selv', language: 'en', facilitator_name: 'Liv' });
  await breakouts(w);
  const ben = await joinPhone(w, 'Ŧobias Ärlig');
  await ben.page.getByLabel('Your name, language and leaving').click();
  await ben.page.getByRole('button', { name: 'Erase me from this workshop' }).click();
  await ben.page.getByText('Erase your name from this workshop?').waitFor();
  assert.equal(await ben.page.getByRole('radio', { name: 'Keep it, without a name' }).isChecked(), true);
  await noAxe(ben.page, 'the erase-me question');
  await ben.page.screenshot({ path: saveArtifact('forget-me-360.png') });
  await ben.page.getByRole('button', { name: 'Forget for good' }).click();
  await ben.page.getByRole('heading', { name: 'Your name is erased' }).waitFor();
  const stored = await ben.page.evaluate((id) => Object.keys(localStorage).filter((k) => k.startsWith(`samling:${id}:`) && /resume_token|snapshot/.test(k)), w.id);
  assert.deepEqual(stored, []);
  assert.deepEqual(ben.page.errors, []);
});

test('a facilitator deletes the workshop; every screen says it is gone', async () => {
  const w = await createWorkshop(server, { title: 'Sletning', language: 'en', facilitator_name: 'Liv' });
  const ada = await joinPhone(w, 'Ada');
  const { page: f } = await newPerson(browser, { width: 1440, height: 900 });
  await f.goto(`${server.url}/w/${w.id}#key=${w.facilitator_key}&join=${w.join_code}`);
  await f.getByRole('button', { name: 'Summary', exact: true }).click();
  await f.getByRole('button', { name: 'Delete this workshop…' }).click();
  await focusOn(f, 'Cancel');
  await noAxe(f, 'the delete question');
  await f.getByRole('button', { name: 'Cancel' }).press('Enter');
  await focusOn(f, 'Delete this workshop…');
  await f.getByRole('button', { name: 'Delete this workshop…' }).press('Enter');
  await f.getByRole('button', { name: 'Delete it for good' }).click();
  await f.getByRole('heading', { name: 'This workshop was deleted' }).waitFor();
  await ada.page.getByRole('heading', { name: 'This workshop was deleted' }).waitFor();
  await noAxe(ada.page, 'the deleted screen');
  await ada.page.screenshot({ path: saveArtifact('deleted-360.png') });
  const r = await fetch(`${server.url}/api/workshops/${w.id}`);
  assert.equal(r.status, 404);
  assert.deepEqual(f.errors, []);
  assert.deepEqual(ada.page.errors, []);
});
