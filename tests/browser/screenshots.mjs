// Writes the README's pictures of every view to docs/screenshots/, each on a phone (360×740)
// and on a laptop (1440×900); the wall's, one per phase at 1920×1080, come from
// tests/browser/wall.test.mjs. Run after a UI change:
//   SAMLING_BIN=build/samling node tests/browser/screenshots.mjs
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkshop, launchBrowser, newPerson, root, speakWith, startServer } from './support.mjs';

const out = join(root, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const SIZES = [{ width: 360, height: 740 }, { width: 1440, height: 900 }];

/** Both pictures of what `page` shows now: <name>-360.png and <name>-1440.png. */
async function shoot(page, name) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
    await page.screenshot({ path: join(out, `${name}-${size.width}.png`) });
  }
}
const server = await startServer();
const browser = await launchBrowser();
const speak = (frames) => speakWith(browser, server, frames);
try {
  const w = await createWorkshop(server, {
    title: 'Grøn omstilling i Søby 🌱', language: 'da', facilitator_name: 'Mette',
    purpose: 'Hvordan gør vi kommunen grønnere sammen? Alle forslag er velkomne.',
  });
  const host = { type: 'hello', protocol: 1, workshop: w.id, facilitator_key: w.facilitator_key };
  const themes = await speak({ hello: host, commands: [
    { type: 'workshop.set_phase', phase: 'marketplace' },
    { type: 'theme.propose', title: 'Delebiler i landsbyerne', details: 'Elbiler, som naboer deler.' },
    { type: 'theme.propose', title: 'Solceller på skolernes tage ☀️' },
    { type: 'theme.propose', title: 'Mindre madspild i kantinerne' },
    { type: 'theme.propose', title: 'Cykelsti til stationen 🚲' },
    // A Nordic compound as long as they come: it must wrap on a phone, never overflow.
    { type: 'theme.propose', title: 'Kommuneplanlægningsudvalgets borgerinddragelsesproces' },
    { type: 'workshop.set_phase', phase: 'voting' },
  ] });
  const ids = themes.slice(1, 5).map((r) => r.id);
  const voters = ['Åse', 'Jørgen', 'Signe', 'Björn'];
  for (const [i, name] of voters.entries()) {
    await speak({ hello: { type: 'hello', protocol: 1, workshop: w.id, join_code: w.join_code, name }, commands: [
      { type: 'vote.add', theme: ids[i % 4] }, { type: 'vote.add', theme: ids[1] }, { type: 'vote.add', theme: ids[(i + 2) % 4] },
    ] });
  }
  const start = await newPerson(browser, { width: 1024, height: 760 });
  await start.page.goto(`${server.url}/`);
  await start.page.getByRole('button', { name: /Create workshop|Opret workshop/ }).waitFor();
  await shoot(start.page, 'start');

  const phone = await newPerson(browser, { width: 360, height: 740 });
  await phone.page.goto(`${server.url}/w/${w.id}#join=${w.join_code}`);
  await phone.page.getByLabel('Dit navn').fill('Kasper');
  await phone.page.getByRole('button', { name: 'Deltag' }).click();
  await phone.page.getByText(/Prikker tilbage/).waitFor();
  await phone.page.getByRole('button', { name: /Giv Solceller/ }).click();
  await phone.page.getByText('Prikker tilbage: 4 af 5').waitFor();
  await shoot(phone.page, 'participant-voting');
  await phone.page.setViewportSize(SIZES[0]);

  const groups = await speak({ hello: host, commands: [
    { type: 'workshop.set_phase', phase: 'breakouts' },
    { type: 'group.open', theme: ids[1] }, { type: 'group.open', theme: ids[0] }, { type: 'group.open', theme: ids[3] },
    { type: 'group.open', theme: ids[2] },
    { type: 'room.add', name: 'Byrådssalen', capacity: 40 }, { type: 'room.add', name: 'Mødelokale 1', capacity: 12 },
    { type: 'slot.add', label: 'Runde 1', start: '10:00', end: '11:00' }, { type: 'slot.add', label: 'Runde 2', start: '11:15', end: '12:15' },
    { type: 'timer.start', duration_seconds: 3000, label: 'Runde 1' },
    { type: 'group.open', theme: themes[5].id },
  ] });
  const [g1, g2, g3] = groups.slice(1, 4).map((r) => r.id);
  const [r1, r2] = groups.slice(5, 7).map((r) => r.id);
  const [s1, s2] = groups.slice(7, 9).map((r) => r.id);
  await speak({ hello: host, commands: [
    { type: 'group.place', group: g1, room: r1, slot: s1 }, { type: 'group.place', group: g2, room: r2, slot: s1 },
    { type: 'group.place', group: g3, room: r1, slot: s2 },
  ] });
  await phone.page.getByRole('button', { name: 'Grupper' }).first().click();
  await phone.page.locator('.group', { hasText: 'Solceller' }).getByRole('button', { name: 'Deltag' }).click();
  await phone.page.getByLabel('Underoverskrift').fill('Økonomi');
  await phone.page.getByRole('button', { name: 'Tilføj underoverskrift' }).click();
  await phone.page.getByRole('heading', { name: 'Økonomi' }).waitFor();
  await phone.page.getByLabel('Under', { exact: true }).selectOption({ label: 'Økonomi' });
  for (const text of ['Borgerejede anlæg, som i Hvide Sande', 'Overskud til skolens lejrskole']) {
    await phone.page.getByLabel('Note', { exact: true }).fill(text);
    await phone.page.getByRole('button', { name: 'Tilføj note' }).click();
    await phone.page.getByText(text).waitFor();
  }
  await phone.page.getByLabel('Note', { exact: true }).fill('Eleverne kan følge produktionen i timerne 📈');
  await phone.page.getByLabel('Under', { exact: true }).selectOption({ index: 0 });
  await phone.page.getByRole('button', { name: 'Tilføj note' }).click();
  await phone.page.getByText('Eleverne kan følge').waitFor();
  await shoot(phone.page, 'participant-board');
  await phone.page.getByRole('button', { name: 'Grupper' }).first().click();
  await phone.page.getByRole('button', { name: 'Alle grupper' }).click().catch(() => {});
  await shoot(phone.page, 'participant-groups');
  await phone.page.setViewportSize(SIZES[0]);

  const facilitator = await newPerson(browser, { width: 1280, height: 860 });
  // The facilitator link alone: the participant link and its QR code come from the server.
  await facilitator.page.goto(`${server.url}/w/${w.id}#key=${w.facilitator_key}`);
  await facilitator.page.getByRole('button', { name: 'Styr dagen' }).click();
  await facilitator.page.locator('.phase-card').waitFor();
  await shoot(facilitator.page, 'facilitator-console');
  await facilitator.page.getByRole('button', { name: 'Lokaler og tider' }).click();
  await facilitator.page.getByRole('table').waitFor();
  await facilitator.page.getByRole('button', { name: /Placér “Mindre madspild/ }).click();
  await shoot(facilitator.page, 'facilitator-schedule');
  await facilitator.page.getByRole('button', { name: 'Deltagere', exact: true }).click();
  await shoot(facilitator.page, 'facilitator-people');
  await facilitator.page.getByRole('button', { name: 'Opsummering' }).click();
  await facilitator.page.locator('canvas.qr').waitFor();
  await shoot(facilitator.page, 'facilitator-links');

  const summary = await newPerson(browser, { width: 1024, height: 700 });
  await summary.page.goto(`${server.url}/w/${w.id}#view=summary&key=${w.facilitator_key}`);
  await summary.page.getByText(/grupper/).first().waitFor();
  await shoot(summary.page, 'summary');

  // The states where there is nothing to do: locked to newcomers, the day closed, removed.
  const host2 = { type: 'hello', protocol: 1, workshop: w.id, facilitator_key: w.facilitator_key };
  await speak({ hello: host2, commands: [{ type: 'workshop.lock' }] });
  const late = await newPerson(browser, SIZES[0]);
  await late.page.goto(`${server.url}/w/${w.id}#join=${w.join_code}`);
  await late.page.getByLabel('Dit navn').fill('Sen Sofie');
  await late.page.getByRole('button', { name: 'Deltag' }).click();
  await late.page.getByRole('heading', { name: 'Workshoppen er låst' }).waitFor();
  await shoot(late.page, 'state-locked');
  await speak({ hello: host2, commands: [{ type: 'workshop.set_phase', phase: 'closed' }] });
  await phone.page.getByRole('heading', { name: 'Dagen er afsluttet' }).waitFor();
  await shoot(phone.page, 'state-closed');
  const kasper = await fetch(`${server.url}/api/workshops/${w.id}/export.json?key=${w.facilitator_key}`).then((r) => r.json());
  const id = kasper.state.participants.find((p) => p.name === 'Kasper').id;
  await speak({ hello: host2, commands: [{ type: 'participant.remove', participant: id }] });
  await phone.page.getByRole('heading', { name: 'Du er ikke længere med i workshoppen' }).waitFor();
  await shoot(phone.page, 'state-removed');
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await server.stop();
}
