// A second laptop of the facilitator's, and a co-facilitator: the console shows the participant
// link, its QR code (read back by a QR decoder) and the short code, from the server alone, and
// follows a new participant link made elsewhere without a reload.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import jsQR from 'jsqr';
import { axeViolations, createWorkshop, launchBrowser, newPerson, speakWith, startServer } from './support.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/** What the QR code on the page says, decoded from its pixels. */
async function qrText(qr) {
  await qr.waitFor();
  const { width, height, data } = await qr.evaluate((canvas) => {
    const image = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    return { width: image.width, height: image.height, data: Array.from(image.data) };
  });
  const decoded = jsQR(Uint8ClampedArray.from(data), width, height);
  return decoded ? decoded.data : null;
}

const grouped = (code) => `${code.slice(0, 3)} ${code.slice(3)}`;

test('the facilitator link opened in a fresh browser shows the participant link, its QR code and the short code', async () => {
  const w = await createWorkshop(server, { title: 'Two laptops', language: 'en', facilitator_name: 'Liv' });
  const { page } = await newPerson(browser, { width: 1440, height: 900 });
  await page.goto(`${server.url}/w/${w.id}#key=${w.facilitator_key}`);
  const participantUrl = `${server.url}/w/${w.id}#join=${w.join_code}`;
  const links = page.locator('section.links');
  await links.locator(`a[href="${participantUrl}"]`).waitFor();
  assert.equal(await qrText(links.locator('canvas.qr')), participantUrl);
  await links.locator('.short-code', { hasText: grouped(w.short_code) }).waitFor();
  assert.equal(await page.getByText('This workshop is older than').count(), 0);
  // The header's share button carries the same link, one click away from every tab.
  await page.getByRole('button', { name: 'Rooms and slots' }).click();
  await page.locator('.share summary').click();
  assert.equal(await qrText(page.locator('.share-panel canvas.qr')), participantUrl);
  assert.deepEqual(await axeViolations(page), [], 'the console with the share panel passes axe');

  // The link from the QR code lets a participant in.
  const phone = await newPerson(browser, { width: 360, height: 740 });
  await phone.page.goto(participantUrl);
  await phone.page.getByLabel('Your name').fill('Åse');
  await phone.page.getByRole('button', { name: 'Join' }).click();
  await phone.page.locator('.now-card').waitFor();

  // A new participant link made on the first laptop reaches this one at once.
  const r = await fetch(`${server.url}/api/workshops/${w.id}/join-code`, {
    method: 'POST', headers: { Authorization: `Bearer ${w.facilitator_key}` },
  });
  assert.equal(r.status, 201);
  const { join_code: code } = await r.json();
  const newUrl = `${server.url}/w/${w.id}#join=${code}`;
  assert.equal(await qrText(page.locator('.share-panel canvas.qr')), newUrl);
  await page.getByRole('button', { name: 'Run the day' }).click();
  await page.locator(`section.links a[href="${newUrl}"]`).waitFor();
  assert.deepEqual(page.errors, []);
});

test('a participant promoted to co-facilitator gets the participant link and QR code without a reload', async () => {
  const w = await createWorkshop(server, { title: 'Promoted', language: 'en', facilitator_name: 'Liv' });
  const { page } = await newPerson(browser, { width: 360, height: 740 });
  await page.goto(`${server.url}/w/${w.id}#join=${w.join_code}`);
  await page.getByLabel('Your name').fill('Ada');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.locator('.now-card').waitFor();
  assert.equal(await page.locator('.share').count(), 0, 'a participant has no share button');
  // The participant's id, from the copy of the state the page keeps for offline reloads.
  const me = await (await page.waitForFunction(() => {
    const key = Object.keys(localStorage).find((k) => k.endsWith(':snapshot:member'));
    return key && JSON.parse(localStorage.getItem(key)).me;
  })).jsonValue();
  await speakWith(browser, server, {
    hello: { type: 'hello', protocol: 1, workshop: w.id, facilitator_key: w.facilitator_key },
    commands: [{ type: 'participant.promote', participant: me }],
  });
  await page.getByRole('button', { name: 'Run the day' }).click();
  const participantUrl = `${server.url}/w/${w.id}#join=${w.join_code}`;
  await page.locator(`section.links a[href="${participantUrl}"]`).waitFor();
  assert.equal(await qrText(page.locator('section.links canvas.qr')), participantUrl);
  // A co-facilitator holds no facilitator key: no summary link with an empty key in it.
  assert.equal(await page.locator('section.links a[href*="key=undefined"]').count(), 0);
  assert.deepEqual(await axeViolations(page), [], 'a co-facilitator console on a phone passes axe');
});
