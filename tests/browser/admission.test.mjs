// Keys stay out of addresses in the browser: exports, every format, are fetched with the key in
// an Authorization header and saved, by the facilitator and by a co-facilitator; the console makes
// a new participant link; a join carries a join id until it is welcomed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { createWorkshop, launchBrowser, newPerson, speakWith, startServer } from './support.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/** Every request the page makes, with its URL and Authorization header. */
function recordRequests(page) {
  const seen = [];
  page.on('request', (r) => seen.push({ url: r.url(), authorization: r.headers().authorization || '' }));
  return seen;
}

async function joinAs(link, name) {
  const person = await newPerson(browser, { width: 1024, height: 768 });
  const hellos = [];
  person.page.on('websocket', (ws) => ws.on('framesent', (f) => {
    const frame = JSON.parse(f.payload);
    if (frame.type === 'hello') hellos.push(frame);
  }));
  await person.page.goto(link);
  await person.page.getByLabel('Your name').fill(name);
  await person.page.getByRole('button', { name: 'Join' }).click();
  await person.page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
  return { ...person, hellos };
}

async function downloadRecap(page) {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Recap (Markdown)' }).click();
  return readFileSync(await (await download).path(), 'utf8');
}

test('the console downloads exports with the key in a header, never in a URL', async () => {
  const w = await createWorkshop(server, { title: 'Nøglen i hovedet', language: 'en', facilitator_name: 'Liv' });
  const { page } = await newPerson(browser, { width: 1280, height: 900 });
  const requests = recordRequests(page);
  await page.goto(`${server.url}/w/${w.id}#key=${w.facilitator_key}&join=${w.join_code}`);
  await page.getByRole('button', { name: 'Summary', exact: true }).click();
  const recap = await downloadRecap(page);
  assert.ok(recap.includes('# Nøglen i hovedet'), recap);
  const exports = requests.filter((r) => r.url.includes('/export.md'));
  assert.equal(exports.length, 1);
  assert.equal(exports[0].authorization, `Bearer ${w.facilitator_key}`);
  for (const r of requests) assert.ok(!r.url.includes(w.facilitator_key), `no key in ${r.url}`);
  assert.deepEqual(page.errors, []);
});

test('the summary offers every export, each saved under its own name', async () => {
  const w = await createWorkshop(server, { title: 'Alle formater', language: 'en', facilitator_name: 'Liv' });
  const { page } = await newPerson(browser, { width: 1280, height: 900 });
  const requests = recordRequests(page);
  await page.goto(`${server.url}/w/${w.id}#view=summary&key=${w.facilitator_key}`);
  // Without names is the default; the names are one choice away.
  await page.getByRole('radio', { name: /With names: for the organisers only/ }).check();
  const formats = [
    ['Recap to edit in a word processor (DOCX)', `samling-${w.id}.docx`, 'PK\x03\x04'],
    ['Notes, next steps and themes (XLSX)', `samling-${w.id}.xlsx`, 'PK\x03\x04'],
    ['Next steps for spreadsheets (CSV)', `samling-${w.id}-next-steps.csv`, '\uFEFFgroup,position,step,owner,due,status'],
    ['Notes for spreadsheets (CSV)', `samling-${w.id}.csv`, '\uFEFFgroup,section,position,text,author,created_at'],
    ['Recap (Markdown)', `samling-${w.id}.md`, '# Alle formater'],
  ];
  for (const [label, file, start] of formats) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: label }).click();
    const saved = await download;
    assert.equal(saved.suggestedFilename(), file);
    assert.ok(readFileSync(await saved.path(), 'latin1').startsWith(Buffer.from(start).toString('latin1')), label);
  }
  // The page reads export.json for its own figures; every download is one request more.
  const fetched = requests.filter((r) => r.url.includes('/export.') && !r.url.endsWith('/export.json?names=0'));
  assert.deepEqual(fetched.map((r) => new URL(r.url).pathname.split('/').pop() + new URL(r.url).search),
    ['export.docx', 'export.xlsx', 'export.csv?table=next_steps', 'export.csv', 'export.md']);
  for (const r of fetched) assert.equal(r.authorization, `Bearer ${w.facilitator_key}`);
  assert.deepEqual(page.errors, []);
});

test('the summary exports without names by default, and a link without names offers nothing else', async () => {
  const w = await createWorkshop(server, { title: 'Uden navne', language: 'en', facilitator_name: 'Zélie Øksnevad' });
  // The host convenes a group and is in it: a recap with names names her twice.
  const hello = { type: 'hello', protocol: 1, workshop: w.id, facilitator_key: w.facilitator_key };
  const made = await speakWith(browser, server, { hello, commands: [
    { type: 'workshop.set_phase', phase: 'marketplace' }, { type: 'theme.propose', title: 'Havnebade' },
    { type: 'workshop.set_phase', phase: 'breakouts' },
  ] });
  const [group] = await speakWith(browser, server, { hello, commands: [{ type: 'group.open', theme: made[1].id }] });
  await speakWith(browser, server, { hello, commands: [
    { type: 'group.join', group: group.id }, { type: 'group.set_convener', group: group.id, convener: 1 },
  ] });
  const named = await (await fetch(`${server.url}/api/workshops/${w.id}/export.md`, { headers: { Authorization: `Bearer ${w.facilitator_key}` } })).text();
  assert.ok(named.includes('Convener: Zélie Øksnevad'), named);
  const { page } = await newPerson(browser, { width: 1280, height: 900 });
  const requests = recordRequests(page);
  await page.goto(`${server.url}/w/${w.id}#view=summary&key=${w.facilitator_key}`);
  const publish = page.getByRole('radio', { name: /Without names: to publish/ });
  assert.equal(await publish.isChecked(), true);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Recap (Markdown)' }).click();
  const saved = await download;
  assert.equal(saved.suggestedFilename(), `samling-${w.id}-without-names.md`);
  const recap = readFileSync(await saved.path(), 'utf8');
  assert.ok(recap.startsWith('# Uden navne'), recap);
  assert.ok(recap.includes('## Havnebade') && recap.includes('Participants: 1'), recap);
  assert.ok(!recap.includes('Zélie'), recap);
  assert.ok(requests.some((r) => r.url.endsWith('/export.md?names=0')));

  // A link made without names: its page has no choice to make, and its files name nobody.
  await page.getByRole('button', { name: 'Create a link without names' }).click();
  await page.getByText('This link gives recaps without names only.').first().waitFor();
  const link = await page.getByRole('link', { name: /#view=summary&organiser=anon-/ }).getAttribute('href');
  const organiser = await newPerson(browser, { width: 360, height: 740 });
  await organiser.page.goto(link);
  await organiser.page.getByRole('button', { name: 'Recap (Markdown)' }).waitFor();
  assert.equal(await organiser.page.getByRole('radio').count(), 0);
  const theirs = organiser.page.waitForEvent('download');
  await organiser.page.getByRole('button', { name: 'Recap (Markdown)' }).click();
  const file = await theirs;
  assert.equal(file.suggestedFilename(), `samling-${w.id}-without-names.md`);
  assert.ok(!readFileSync(await file.path(), 'utf8').includes('Zélie'));
  assert.deepEqual(page.errors, []);
  assert.deepEqual(organiser.page.errors, []);
});

test('a new participant link shuts the old one, and a join sends a join id until welcomed', async () => {
  const w = await createWorkshop(server, { title: 'Ny kode', language: 'en', facilitator_name: 'Liv' });
  const { page } = await newPerson(browser, { width: 1280, height: 900 });
  await page.goto(`${server.url}/w/${w.id}#key=${w.facilitator_key}&join=${w.join_code}`);
  await page.getByRole('button', { name: 'New participant link' }).click();
  await page.getByRole('button', { name: 'New participant link' }).click();  // confirms
  await page.getByRole('status').filter({ hasText: 'The new participant link is ready' }).waitFor();
  const code = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('join');
  assert.ok(code && code !== w.join_code, `a new code in ${page.url()}`);
  await page.getByRole('link', { name: `${server.url}/w/${w.id}#join=${code}` }).waitFor();

  const late = await newPerson(browser);
  await late.page.goto(`${server.url}/w/${w.id}#join=${w.join_code}`);
  await late.page.getByLabel('Your name').fill('Sen');
  await late.page.getByRole('button', { name: 'Join' }).click();
  await late.page.getByText(/does not fit the workshop|not valid for this workshop/).first().waitFor();

  const onTime = await joinAs(`${server.url}/w/${w.id}#join=${code}`, 'I tide');
  const joins = onTime.hellos.filter((h) => h.join_code);
  assert.ok(joins.length >= 1);
  assert.ok(joins.every((h) => /^[a-z0-9]{16,64}$/.test(h.join_id) && h.join_id === joins[0].join_id));
  assert.equal(await onTime.page.evaluate((id) => localStorage.getItem(`samling:${id}:join_id`), w.id), null);
});

test('a co-facilitator downloads exports with their own sign-in', async () => {
  const w = await createWorkshop(server, { title: 'To ved roret', language: 'en', facilitator_name: 'Liv' });
  const co = await joinAs(`${server.url}/w/${w.id}#join=${w.join_code}`, 'Ada');
  const requests = recordRequests(co.page);
  const token = await co.page.evaluate((id) => JSON.parse(localStorage.getItem(`samling:${id}:resume_token`)), w.id);
  const info = await (await fetch(`${server.url}/api/workshops/${w.id}/export.json`, { headers: { Authorization: `Bearer ${w.facilitator_key}` } })).json();
  const ada = info.state.participants.find((p) => p.name === 'Ada');
  await speakWith(browser, server, {
    hello: { type: 'hello', protocol: 1, workshop: w.id, facilitator_key: w.facilitator_key },
    commands: [{ type: 'participant.promote', participant: ada.id }],
  });
  await co.page.getByRole('button', { name: 'Summary', exact: true }).click();
  const recap = await downloadRecap(co.page);
  assert.ok(recap.includes('# To ved roret'), recap);
  const exports = requests.filter((r) => r.url.includes('/export.md'));
  assert.equal(exports.at(-1).authorization, `Bearer ${token}`);
  for (const r of requests) assert.ok(!r.url.includes(token), `no token in ${r.url}`);
});
