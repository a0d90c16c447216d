// Every refusal the server can send has its sentence in every language of the web catalog: the
// codes are read from core/errc.hpp and the server's HTTP answers, the reasons, counted things
// and fields from the code that sends them, so a new one without translations fails here.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CATALOGS } from '../../web/js/i18n.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (path) => readFileSync(join(root, path), 'utf8');
const sources = (folder) => readdirSync(join(root, folder))
  .filter((f) => /\.(cpp|hpp)$/.test(f)).map((f) => read(`${folder}/${f}`)).join('\n');

const all = (text, pattern) => [...text.matchAll(pattern)].map((m) => m[1]);

function errorCodes() {
  const table = read('core/errc.hpp').match(/errc_names\{([^}]*)\}/);
  assert.ok(table, 'core/errc.hpp has its table of wire names');
  const codes = new Set(all(table[1], /"(\w+)"/g).filter((c) => c !== 'ok'));
  for (const code of all(sources('server'), /json_error\(\w+,\s*[^,]+,\s*"(\w+)"/g)) codes.add(code);
  return codes;
}

function reasons() {
  const text = sources('core') + sources('server');
  const found = new Set();
  for (const call of all(text, /because\(([^)]*)\)/g)) for (const r of all(call, /"(\w+)"/g)) found.add(r);
  for (const call of all(text, /"reason",\s*std::string\(([^)]*)\)/g)) for (const r of all(call, /"(\w+)"/g)) found.add(r);
  return found;
}

function countedThings() {
  const text = sources('core');
  return new Set([...all(text, /within_limit\([^;]*?,\s*"(\w+)"/gs), ...all(text, /refuse_count\([^,]+,\s*"(\w+)"/g)]);
}

function fields() {
  const names = new Set(all(read('core/commands.hpp'), /(?:required|optional)\("(\w+)"/g));
  const decode = read('protocol/decode.cpp');
  for (const name of all(decode, /token_field\(j, "(\w+)"/g)) names.add(name);
  for (const name of all(decode, /read_value\([^;]*?, "(\w+)"/g)) names.add(name);
  return names;
}

function missing(keys) {
  const gaps = [];
  for (const [language, catalog] of Object.entries(CATALOGS)) {
    for (const key of keys) if (typeof catalog[key] !== 'string' || !catalog[key].trim()) gaps.push(`${language}: ${key}`);
  }
  return gaps;
}

test('the catalog has four languages', () => {
  assert.deepEqual(Object.keys(CATALOGS).sort(), ['da', 'en', 'nb', 'sv']);
});

test('every error code has a sentence in every language', () => {
  const codes = errorCodes();
  assert.ok(codes.size >= 20, `read ${codes.size} codes`);
  assert.deepEqual(missing([...codes].map((c) => `err_${c}`)), []);
});

test('every reason the server names has a sentence in every language', () => {
  const found = reasons();
  assert.ok(found.has('slot_taken') && found.has('facilitators_only'), [...found].join());
  assert.deepEqual(missing([...found].map((r) => `reason_${r}`)), []);
});

test('every counted thing and every field has its word in every language', () => {
  const things = countedThings();
  assert.ok(things.has('notes') && things.has('slots'), [...things].join());
  assert.deepEqual(missing([...things].map((w) => `what_${w}`)), []);
  const names = fields();
  assert.ok(names.has('title') && names.has('join_code'), [...names].join());
  assert.deepEqual(missing([...names].map((f) => `field_${f}`)), []);
});

test('every language has every key English has, with the same placeholders', () => {
  const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();
  for (const [language, catalog] of Object.entries(CATALOGS)) {
    for (const [key, text] of Object.entries(CATALOGS.en)) {
      assert.equal(typeof catalog[key], 'string', `${language} lacks ${key}`);
      assert.equal(placeholders(catalog[key]), placeholders(text), `${language}: ${key}`);
    }
  }
});
