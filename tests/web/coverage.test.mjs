// Every command a role may send has a control in that role's views. The commands and who may
// send them are read from docs/protocol.md, whose headings and "Who" lines the protocol docs
// test checks against core's command table; a command without a control fails here unless
// tests/web/api_only.json names it with a reason.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const views = join(root, 'web', 'js', 'views');
const apiOnly = JSON.parse(readFileSync(join(root, 'tests', 'web', 'api_only.json'), 'utf8'));

// The views a participant or an observer reaches; every view module is the facilitator's.
const SHARED_VIEWS = new Set(['marketplace.js', 'groups.js', 'board.js', 'board_parts.js', 'steps.js', 'phone.js',
  'account.js', 'common.js', 'undo_bar.js', 'undoable.js', 'now.js', 'screens.js', 'group_heading.js', 'forget.js']);

/** Each command with the roles that may send it, from the protocol reference. */
function commands() {
  const doc = readFileSync(join(root, 'docs', 'protocol.md'), 'utf8');
  const found = [];
  for (const m of doc.matchAll(/^#### `([a-z_.]+)` → `[a-z_.]+`\n\n- Who: ([^\n;]+)/gm)) {
    const who = m[2].trim();
    const roles = who === 'server only' ? [] : who.split(', ').map((r) => r.replace(/s$/, ''));
    found.push({ name: m[1], roles });
  }
  return found;
}

/** The command names sent from the view files that `role` sees. */
function sentBy(role) {
  const sent = new Set();
  for (const file of readdirSync(views).filter((f) => f.endsWith('.js'))) {
    if (role !== 'facilitator' && !SHARED_VIEWS.has(file)) continue;
    const text = readFileSync(join(views, file), 'utf8');
    // A command is sent as { type: '…' } (or through the undo helper, which takes such bodies).
    for (const m of text.matchAll(/type: (?:[^,}]*\? )?'([a-z_]+\.[a-z_]+)'(?: : '([a-z_]+\.[a-z_]+)')?/g)) {
      sent.add(m[1]);
      if (m[2]) sent.add(m[2]);
    }
  }
  return sent;
}

test('the protocol reference lists the commands with their roles', () => {
  const list = commands();
  assert.ok(list.length >= 45, `read ${list.length} commands`);
  assert.deepEqual(list.find((c) => c.name === 'note.add').roles, ['facilitator', 'participant']);
  assert.deepEqual(list.find((c) => c.name === 'participant.rename').roles, ['facilitator', 'participant', 'observer']);
});

for (const role of ['facilitator', 'participant', 'observer']) {
  test(`every command a ${role} may send has a control in a ${role}'s view`, () => {
    const sent = sentBy(role);
    const missing = commands().filter((c) => c.roles.includes(role) && !sent.has(c.name) && !apiOnly[c.name])
      .map((c) => c.name);
    assert.deepEqual(missing, []);
  });
}

test('every API-only command is a real command, with a reason', () => {
  const names = new Set(commands().map((c) => c.name));
  for (const [name, reason] of Object.entries(apiOnly)) {
    assert.ok(names.has(name), `${name} is not a command`);
    assert.ok(reason.length > 20, `${name} needs a reason`);
  }
});
