// The wall on a projector: its own view-only link, the short code to join by, every theme of a
// full marketplace at two projector sizes, and each phase's screen checked by axe and pictured.
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { axeViolations, createWorkshop, launchBrowser, newPerson, root, saveArtifact, speakWith, startServer } from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const hostHello = (w) => ({ type: 'hello', protocol: 1, workshop: w.id, facilitator_key: w.facilitator_key });
const grouped = (code) => `${code.slice(0, 3)} ${code.slice(3)}`;

/** Opens `wall_url` in a projector's fresh profile and waits for the screen of `phase`. */
async function openWall(w, phase, viewport = { width: 1920, height: 1080 }) {
  const wall = await newPerson(browser, viewport);
  await wall.page.goto(w.wall_url);
  await wall.page.locator(`.wall[data-phase="${phase}"]`).waitFor();
  return wall;
}

test('a projector opens the wall link: QR code and short code, no facilitator key, every command refused', async () => {
  const server = await startServer();
  try {
    const w = await createWorkshop(server, { title: 'Havnens fremtid', language: 'en', facilitator_name: 'Liv' });
    const { page } = await openWall(w, 'welcome');
    await page.locator('.wall-join canvas.qr').waitFor();
    assert.equal(await page.locator('.wall-code').textContent(), grouped(w.short_code));
    assert.ok(!page.url().includes(w.facilitator_key), 'the wall URL holds no facilitator key');
    assert.ok(!page.url().includes(w.join_code), 'the wall URL holds no join code');
    const answers = await page.evaluate(async ({ id, key }) => {
      const ws = new WebSocket(`${location.origin.replace('http', 'ws')}/ws`);
      const frames = [];
      await new Promise((resolve) => { ws.onopen = resolve; });
      let welcomed;
      const welcome = new Promise((resolve) => { welcomed = resolve; });
      const done = new Promise((resolve) => {
        ws.onmessage = (m) => {
          const f = JSON.parse(m.data);
          if (f.type === 'welcome') welcomed();
          if (f.type === 'error') frames.push(f);
          if (frames.length === 4) resolve();
        };
      });
      ws.send(JSON.stringify({ type: 'hello', protocol: 1, workshop: id, wall_key: key }));
      await welcome;
      for (const [i, c] of [{ type: 'workshop.set_phase', phase: 'closed' }, { type: 'message.post', text: 'Hacked' },
        { type: 'participant.rename', name: 'Wall' }, { type: 'short_code.rotate' }].entries()) {
        ws.send(JSON.stringify({ ...c, op: `w${i}` }));
      }
      await done;
      return frames.map((f) => f.code);
    }, { id: w.id, key: w.wall_key });
    assert.deepEqual(answers, ['forbidden', 'forbidden', 'forbidden', 'forbidden']);
    assert.deepEqual(page.errors, []);
  } finally {
    await server.stop();
  }
});

/** Every theme title the wall shows, page after page, checking each is inside the screen at 28 px or more. */
async function everyThemeShown(page) {
  const seen = new Set();
  const list = page.locator('.wall-themes');
  await list.waitFor();
  const pages = Number(await list.getAttribute('data-pages'));
  for (let turned = 0; turned < pages; turned += 1) {
    const current = await list.getAttribute('data-page');
    const shown = await page.evaluate(() => [...document.querySelectorAll('.wall-themes li')].map((li) => {
      const r = li.getBoundingClientRect();
      return { title: li.querySelector('.wall-theme-title').textContent, bottom: r.bottom, right: r.right,
        size: parseFloat(getComputedStyle(li).fontSize) };
    }));
    for (const item of shown) {
      assert.ok(item.bottom <= innerHeightOf(page) && item.right <= page.viewportSize().width, `${item.title} is on screen`);
      assert.ok(item.size >= 28, `${item.title} is at least 28 px`);
      seen.add(item.title);
    }
    if (turned + 1 < pages) await page.waitForFunction((was) => document.querySelector('.wall-themes').dataset.page !== was, current, { timeout: 20000 });
  }
  return { seen, pages };
}

const innerHeightOf = (page) => page.viewportSize().height;

test('a marketplace of 60 themes shows every one, through its pages, at 1920×1080 and 1280×720', async () => {
  const server = await startServer();
  try {
    const w = await createWorkshop(server, { title: 'Byens rum', language: 'da', facilitator_name: 'Mette' });
    const titles = Array.from({ length: 60 }, (_, i) => `Tema ${i + 1}: ${i % 5 ? 'grønne' : 'brede cykelstier, bænke og træer langs'} gader`);
    // Two connections of 30: one would pass the per-connection command burst.
    await speakWith(browser, server, { hello: hostHello(w), commands: [
      { type: 'workshop.set_phase', phase: 'marketplace' }, ...titles.slice(0, 30).map((title) => ({ type: 'theme.propose', title })),
    ] });
    await speakWith(browser, server, { hello: hostHello(w), commands: titles.slice(30).map((title) => ({ type: 'theme.propose', title })) });
    for (const viewport of [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }]) {
      const { page } = await openWall(w, 'marketplace', viewport);
      const { seen, pages } = await everyThemeShown(page);
      assert.ok(pages > 1, `60 themes take pages at ${viewport.width}×${viewport.height}`);
      assert.deepEqual([...seen].sort(), [...titles].sort(), `every theme shown at ${viewport.width}×${viewport.height}`);
      await page.screenshot({ path: saveArtifact(`wall-marketplace-60-${viewport.width}x${viewport.height}.png`) });
    }
  } finally {
    await server.stop();
  }
});

test('joining by typing the short code; an unknown code and too many look-ups say so in the language of the page', async () => {
  const server = await startServer();
  try {
    const w = await createWorkshop(server, { title: 'Skolevejen', language: 'da', facilitator_name: 'Liv' });
    const { page } = await newPerson(browser, { width: 390, height: 844 }, { locale: 'da-DK' });
    await page.goto(`${server.url}/`);
    const field = page.getByLabel('Koden fra væggen');
    await field.fill('000 000');
    await page.getByRole('button', { name: 'Deltag' }).click();
    await page.getByRole('alert').filter({ hasText: 'Ingen workshop har den kode' }).waitFor();
    await field.fill(grouped(w.short_code));
    await page.getByRole('button', { name: 'Deltag' }).click();
    await page.getByLabel('Dit navn').fill('Åse');
    await page.getByRole('button', { name: 'Deltag' }).click();
    await page.getByRole('heading', { name: 'Skolevejen' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Forbundet' }).waitFor();
    // The browser logs the unknown code's 404 answer; nothing else may go wrong.
    assert.deepEqual(page.errors.filter((e) => !e.includes('status of 404')), []);

    // /j/<code> (what the wall's QR code holds) leads to the same join.
    const other = await newPerson(browser, { width: 390, height: 844 }, { locale: 'da-DK' });
    await other.page.goto(`${server.url}/j/${w.short_code}`);
    await other.page.getByLabel('Dit navn').waitFor();

    const late = await newPerson(browser, { width: 390, height: 844 }, { locale: 'da-DK' });
    await late.page.goto(`${server.url}/`);
    let status = 0;
    for (let i = 0; i < 20 && status !== 429; i += 1) {
      await late.page.getByLabel('Koden fra væggen').fill(`12345${i % 10}`);
      const answered = late.page.waitForResponse((r) => r.url().includes('/api/codes/'));
      await late.page.getByRole('button', { name: 'Deltag' }).click();
      status = (await answered).status();
    }
    assert.equal(status, 429, 'the look-ups are limited');
    await late.page.getByRole('alert').filter({ hasText: 'For mange forsøg' }).waitFor();
  } finally {
    await server.stop();
  }
});

/** Waits for the wall's `phase`, checks axe and the smallest text, and pictures it. */
async function checkPhase(page, phase, minPx) {
  await page.locator(`.wall[data-phase="${phase}"]`).waitFor();
  assert.deepEqual(await axeViolations(page), [], `the ${phase} wall passes axe`);
  if (minPx) {
    const small = await page.evaluate((min) => [...document.querySelectorAll('.wall *')]
      .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
      .filter((el) => parseFloat(getComputedStyle(el).fontSize) < min)
      .map((el) => `${el.className || el.tagName}: ${getComputedStyle(el).fontSize} "${el.textContent.trim().slice(0, 30)}"`), minPx);
    assert.deepEqual(small, [], `no text under ${minPx} px on the ${phase} wall`);
  }
  const file = saveArtifact(`wall-${phase}.png`);
  await page.screenshot({ path: file });
  copyFileSync(file, join(root, 'docs', 'screenshots', `wall-${phase}.png`));
}

test('every wall phase passes axe and is pictured; the groups screen has no text under 28 px', async () => {
  const server = await startServer();
  try {
    const w = await createWorkshop(server, {
      title: 'Grøn omstilling i Søby 🌱', language: 'da', facilitator_name: 'Mette',
      purpose: 'Hvordan gør vi kommunen grønnere sammen? Alle forslag er velkomne.',
    });
    const speak = (frames) => speakWith(browser, server, frames);
    const join = (name, commands = []) => speak({ hello: { type: 'hello', protocol: 1, workshop: w.id, short_code: w.short_code, name }, commands });
    for (const name of ['Åse', 'Jørgen', 'Signe', 'Björn', 'Noor']) await join(name);
    const { page } = await openWall(w, 'welcome');
    await page.getByText('5 er med').waitFor();
    await checkPhase(page, 'welcome', 28);

    const themes = await speak({ hello: hostHello(w), commands: [
      { type: 'workshop.set_phase', phase: 'marketplace' },
      { type: 'theme.propose', title: 'Delebiler i landsbyerne' },
      { type: 'theme.propose', title: 'Solceller på skolernes tage ☀️' },
      { type: 'theme.propose', title: 'Mindre madspild i kantinerne' },
      { type: 'theme.propose', title: 'Cykelsti til stationen 🚲' },
    ] });
    await page.getByText('Cykelsti til stationen 🚲').waitFor();
    await checkPhase(page, 'marketplace', 28);

    const ids = themes.slice(1).map((r) => r.id);
    await speak({ hello: hostHello(w), commands: [{ type: 'workshop.set_phase', phase: 'voting' }] });
    await join('Vera', [{ type: 'vote.add', theme: ids[1] }, { type: 'vote.add', theme: ids[1] }, { type: 'vote.add', theme: ids[3] }]);
    await join('Karl', [{ type: 'vote.add', theme: ids[1] }]);
    await page.getByText('2 af 7 har stemt').waitFor();
    assert.equal(await page.locator('.wall-votes').count(), 0, 'votes are hidden until revealed');
    await speak({ hello: hostHello(w), commands: [{ type: 'votes.reveal' }] });
    await page.getByText('3 stemmer').waitFor();
    await checkPhase(page, 'voting', 28);

    // Round 1 runs now and round 2 after it, kept within today (near midnight they are shorter).
    const now = new Date();
    const minute = now.getHours() * 60 + now.getMinutes();
    const hhmm = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const last = 23 * 60 + 59;
    const start = Math.max(0, Math.min(minute - 30, last - 2));
    const end = Math.min(last - 1, Math.max(minute + 30, start + 1));
    const later = Math.min(last, end + 60);
    const setup = await speak({ hello: hostHello(w), commands: [
      { type: 'workshop.set_phase', phase: 'breakouts' },
      { type: 'room.add', name: 'Byrådssalen', capacity: 40 }, { type: 'room.add', name: 'Mødelokale 2', capacity: 12 },
      { type: 'slot.add', label: 'Runde 1', start: hhmm(start), end: hhmm(end) },
      { type: 'slot.add', label: 'Runde 2', start: hhmm(end), end: hhmm(later) },
      { type: 'group.open', theme: ids[1] }, { type: 'group.open', theme: ids[3] }, { type: 'group.open', theme: ids[0] },
    ] });
    const [roomA, roomB, slot1, slot2, g1, g2, g3] = setup.slice(1).map((r) => r.id);
    await speak({ hello: hostHello(w), commands: [
      { type: 'group.place', group: g1, room: roomA, slot: slot1 }, { type: 'group.place', group: g2, room: roomB, slot: slot1 },
      { type: 'group.place', group: g3, room: roomA, slot: slot2 },
      { type: 'timer.start', duration_seconds: 1500, label: 'Runde 1' },
    ] });
    await join('Ida', [{ type: 'group.join', group: g1 }, { type: 'section.add', group: g1, title: 'Økonomi' }]);
    await join('Ole', [{ type: 'group.join', group: g1 }, { type: 'note.add', group: g1, text: 'Tagflader kortlægges i foråret' }]);
    await join('Pia', [{ type: 'group.join', group: g2 }, { type: 'note.add', group: g2, text: 'Sti langs åen' }]);
    await page.getByText('2 af 40').waitFor();
    await checkPhase(page, 'breakouts', 28);

    await speak({ hello: hostHello(w), commands: [
      { type: 'workshop.set_phase', phase: 'convergence' },
      { type: 'wall.present', group: g1 },
      { type: 'message.post', text: 'Kaffe og kage i foyeren kl. 15' },
    ] });
    await page.getByRole('heading', { name: 'Solceller på skolernes tage ☀️' }).waitFor();
    await page.getByText('Tagflader kortlægges i foråret').waitFor();
    await checkPhase(page, 'convergence', 28);

    await speak({ hello: hostHello(w), commands: [{ type: 'message.clear' }, { type: 'workshop.set_phase', phase: 'closed' }] });
    await page.getByText('Tak for i dag').waitFor();
    assert.equal(await page.locator('.timer').count(), 0, 'closing the day ended the timer and its "time is up"');
    await checkPhase(page, 'closed', 28);
    assert.deepEqual(page.errors, []);
  } finally {
    await server.stop();
  }
});
