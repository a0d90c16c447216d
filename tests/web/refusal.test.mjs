// A refusal is shown in the person's language from its code and parameters, never in the
// server's English.
import assert from 'node:assert/strict';
import { test } from 'node:test';

globalThis.document = { documentElement: { lang: 'en' } };
const { refusalText, setLanguage } = await import('../../web/js/i18n.js');

const tooLong = {
  code: 'text_too_long', message: 'The field "title" is longer than 200 characters.',
  params: { field: 'title', limit: 200, length: 230 },
};

test('a code with parameters is said in each language', () => {
  setLanguage('da');
  assert.equal(refusalText(tooLong), '“titel” er for lang: højst 200 tegn.');
  setLanguage('sv');
  assert.equal(refusalText(tooLong), '”titel” är för lång: högst 200 tecken.');
  setLanguage('nb');
  assert.equal(refusalText(tooLong), '«tittel» er for lang: høyst 200 tegn.');
});

test('a finer reason wins over its code; phases and counted things are translated', () => {
  setLanguage('da');
  assert.equal(refusalText({ code: 'locked', message: 'The workshop is locked: ask a facilitator to let you in.' }),
    'workshoppen er låst. Bed en facilitator om at lukke dig ind.');
  assert.equal(refusalText({ code: 'conflict', message: '"A" is already taken', params: { reason: 'slot_taken' } }),
    'lokalet er allerede optaget på det tidspunkt.');
  assert.equal(refusalText({ code: 'wrong_phase', message: 'x', params: { phase: 'welcome' } }),
    'det er ikke muligt under Velkomst.');
  assert.equal(refusalText({ code: 'limit_reached', message: 'x', params: { limit: 2000, what: 'notes' } }),
    'grænsen på 2000 noter er nået.');
});

test('only a code newer than the page falls back to the server message', () => {
  setLanguage('sv');
  assert.equal(refusalText({ code: 'from_the_future', message: 'Something new.' }), 'Something new.');
  assert.equal(refusalText({ code: 'conflict', message: 'x', params: { reason: 'from_the_future' } }),
    'det krockar med en ändring som någon just gjorde.');
});
