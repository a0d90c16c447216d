// Names, themes and notes made of script payloads are shown as text and never run, in every
// view; and the recap printed to PDF from Chromium reads cleanly, page by page.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { archive, createWorkshop, launchBrowser, newPerson, saveArtifact, speakWith, startServer } from './support.mjs';

let server;
let browser;
const speak = (frames) => speakWith(browser, server, frames);
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const payloads = [
  '<img src=x onerror="window.pwned=1">',
  '<script>window.pwned=2</script>',
  '"><svg onload="window.pwned=3">',
  'javascript:window.pwned=4',
  '<a href="javascript:window.pwned=5">klik</a>',
];

test('script payloads in names, themes and notes never execute', async () => {
  const w = await createWorkshop(server, { title: payloads[0], language: 'en', facilitator_name: payloads[2] });
  const hello = { type: 'hello', protocol: 1, workshop: w.id, facilitator_key: w.facilitator_key };
  const proposed = await speak({ hello, commands: [
    { type: 'workshop.set_phase', phase: 'marketplace' },
    ...payloads.map((title) => ({ type: 'theme.propose', title, details: payloads[1] })),
  ] });
  const themeId = proposed[1].id;
  await speak({ hello, commands: [
    { type: 'workshop.set_phase', phase: 'breakouts' },
    { type: 'group.open', theme: themeId },
  ] });
  const group = (await archive(server, w.id, w.facilitator_key)).state.groups[0].id;
  await speak({ hello: { type: 'hello', protocol: 1, workshop: w.id, join_code: w.join_code, name: payloads[1] }, commands: [
    { type: 'group.join', group },
    { type: 'section.add', group, title: payloads[3] },
    ...payloads.map((text) => ({ type: 'note.add', group, text })),
  ] });

  const views = [
    { url: `/w/${w.id}#key=${w.facilitator_key}&join=${w.join_code}`, tabs: ['Marketplace', 'Groups', 'People', 'Summary'] },
    { url: `/w/${w.id}#view=wall&wall=${w.wall_key}`, tabs: [] },
    { url: `/w/${w.id}#view=summary&key=${w.facilitator_key}`, tabs: [] },
  ];
  for (const view of views) {
    const { page } = await newPerson(browser, { width: 1280, height: 900 });
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    await page.goto(server.url + view.url);
    await page.getByRole('heading', { name: payloads[0] }).first().waitFor();
    for (const tab of view.tabs) {
      await page.getByRole('button', { name: tab, exact: true }).click();
      if (tab === 'Groups') {
        await page.getByRole('button', { name: 'Open board' }).click();
        await page.getByText(payloads[4]).first().waitFor();
        assert.equal(await page.locator('.note-text', { hasText: '<script>window.pwned=2</script>' }).count(), 1);
      }
    }
    assert.equal(await page.evaluate(() => window.pwned), undefined, `nothing ran in ${view.url}`);
    assert.deepEqual(dialogs, []);
    assert.equal(await page.locator('img[src="x"], svg[onload], a[href^="javascript"]').count(), 0);
  }
});

test('the recap prints like proceedings: an opening page, then small groups sharing a page', async () => {
  const w = await createWorkshop(server, { title: 'Sommerfest i Östra Parken', language: 'sv', purpose: 'Vi planerar årets fest – tillsammans.' });
  const hello = { type: 'hello', protocol: 1, workshop: w.id, facilitator_key: w.facilitator_key };
  const made = await speak({ hello, commands: [
    { type: 'workshop.set_phase', phase: 'marketplace' },
    { type: 'theme.propose', title: 'Musik på scenen' },
    { type: 'theme.propose', title: 'Mat från hela världen 🌍' },
    { type: 'workshop.set_phase', phase: 'breakouts' },
  ] });
  const groups = await speak({ hello, commands: [
    { type: 'group.open', theme: made[1].id },
    { type: 'group.open', theme: made[2].id },
  ] });
  const [section] = await speak({ hello, commands: [{ type: 'section.add', group: groups[0].id, title: 'Artister' }] });
  await speak({ hello, commands: [
    { type: 'note.add', group: groups[0].id, section: section.id, text: 'Körsång från skolan, även på finska: äiti ja isä' },
    { type: 'note.add', group: groups[1].id, text: 'Smörgåsbord och fika åt alla' },
    { type: 'next_step.add', group: groups[1].id, text: 'Boka tältet', owner: 'Eeva', due: '2023-12-31' },
    { type: 'workshop.set_day', date: '2026-06-13', place: 'Östra Parken' },
  ] });
  const { page } = await newPerson(browser, { width: 1024, height: 768 });
  await page.goto(`${server.url}/api/workshops/${w.id}/export.html?key=${w.facilitator_key}`);
  const pdf = saveArtifact('recap.pdf');
  await page.pdf({ path: pdf, format: 'A4' });
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  writeFileSync(saveArtifact('recap.txt'), text);
  const all = text.split('\f');
  if (!all[all.length - 1].trim()) all.pop();
  assert.ok(all.every((p) => p.trim()), `no blank page among ${all.length}`);
  const pages = all;
  for (const expected of ['Sommerfest i Östra Parken', 'Vi planerar årets fest – tillsammans.', 'Musik på scenen', 'Artister',
    'Körsång från skolan, även på finska: äiti ja isä', 'Smörgåsbord och fika åt alla']) {
    assert.ok(text.includes(expected), `the PDF holds "${expected}"`);
  }
  // The opening page: title, labelled date and place, purpose, the day in figures, the groups.
  for (const opening of ['Sommerfest i Östra Parken', 'Datum: 2026-06-13', 'Plats: Östra Parken', 'Dagen i siffror', 'Innehåll']) {
    assert.ok(pages[0].includes(opening), `the first page holds "${opening}"`);
  }
  assert.ok(!pages[0].includes('Körsång från skolan'), 'groups start after the opening page');
  const musicPage = pages.findIndex((p) => p.includes('Körsång från skolan'));
  const foodPage = pages.findIndex((p) => p.includes('Smörgåsbord och fika'));
  assert.ok(musicPage > 0 && foodPage === musicPage, `two small groups share a page (${musicPage}, ${foodPage} of ${pages.length})`);
  assert.ok(pages[foodPage].includes('2023-12-31'), 'a due date is printed whole, on one line');
  assert.ok(!text.includes('<') && !text.includes('&amp;'), 'no markup leaks into the printed text');
  assert.ok(readFileSync(pdf).subarray(0, 5).toString() === '%PDF-');
});
