// web/js/state.js folds events exactly as core's apply does: for every event type, core wrote
// the public state before, the event as sent, and the state after (apply_fixtures_test.cpp);
// the client's applyEvent must turn the first into the last.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyEvent, needsSnapshot } from '../../web/js/state.js';

const path = process.env.SAMLING_APPLY_FIXTURES || join(process.cwd(), 'build', 'tests', 'web', 'apply_fixtures.json');
const fixtures = JSON.parse(readFileSync(path, 'utf8'));

test('the fixtures hold every event type', () => {
  const types = new Set(fixtures.flatMap((f) => f.events.map((e) => e.type)));
  assert.ok(types.size >= 46, `${types.size} event types`);
});

for (const [i, fixture] of fixtures.entries()) {
  const types = fixture.events.map((e) => e.type).join(', ');
  test(`#${i} ${types}: the client's state after the events is core's`, () => {
    const state = structuredClone(fixture.before);
    for (const event of fixture.events) {
      if (needsSnapshot(state, event)) {
        // The one case the events cannot carry (docs/protocol.md, workshop.set_options): the
        // client must ask for a snapshot, and core's state must indeed differ from the fold.
        applyEvent(state, event);
        assert.notDeepEqual(state, fixture.after);
        return;
      }
      applyEvent(state, event);
    }
    assert.deepEqual(state, fixture.after);
  });
}
