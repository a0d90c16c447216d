// Applies events to the workshop state, by the rules of docs/protocol.md, and derives what
// the views show. The state object is the snapshot's `workshop`, changed in place.

const byId = (list, id) => list.find((x) => x.id === id);
const without = (list, id) => list.filter((x) => x !== id);

function clearDots(theme) { theme.dots = []; theme.votes = 0; }

function addDots(theme, participant, count) {
  const entry = theme.dots.find((d) => d.participant === participant);
  if (entry) entry.count += count;
  else {
    theme.dots.push({ participant, count });
    theme.dots.sort((a, b) => a.participant - b.participant);
  }
  theme.votes += count;
}

function dropParticipantDots(state, participant) {
  for (const theme of state.themes) {
    const entry = theme.dots.find((d) => d.participant === participant);
    if (!entry) continue;
    theme.votes -= entry.count;
    theme.dots = theme.dots.filter((d) => d !== entry);
  }
}

/** Takes away what a forgotten participant wrote: notes, themes no group works on, next steps, dots. */
function eraseContent(state, who) {
  const notes = state.notes.filter((n) => n.author === who).map((n) => n.id);
  const steps = state.steps.filter((x) => x.created_by === who).map((x) => x.id);
  state.notes = state.notes.filter((n) => !notes.includes(n.id));
  state.steps = state.steps.filter((x) => !steps.includes(x.id));
  for (const g of state.groups) {
    g.notes = g.notes.filter((id) => !notes.includes(id));
    g.steps = g.steps.filter((id) => !steps.includes(id));
  }
  const themes = state.themes.filter((t) => t.proposer === who && !state.groups.some((g) => g.theme === t.id))
    .map((t) => t.id);
  state.themes = state.themes.filter((t) => !themes.includes(t.id));
  for (const t of state.themes) t.merged_from = t.merged_from.filter((id) => !themes.includes(id));
  dropParticipantDots(state, who);
}

/** Moves `id` within `order` to `position` among the ids for which `same` holds. */
function reposition(order, id, position, same) {
  const rest = without(order, id);
  const peers = rest.filter(same);
  if (position >= peers.length) {
    const last = peers[peers.length - 1];
    const at = last === undefined ? rest.length : rest.indexOf(last) + 1;
    rest.splice(at, 0, id);
  } else {
    rest.splice(rest.indexOf(peers[position]), 0, id);
  }
  return rest;
}

/** Earlier wordings kept per theme: the first and the latest (core::limits::theme_history). */
const THEME_HISTORY = 10;

/** Keeps a theme's first wording and its latest ones, as the server does. */
function trimHistory(theme) {
  const surplus = theme.history.length - THEME_HISTORY;
  if (surplus > 0) theme.history.splice(1, surplus);
}

const handlers = {
  'workshop.created': (s, e) => {
    Object.assign(s, { title: e.title, purpose: e.purpose ?? '', language: e.language, created_at: e.at,
      short_code: e.short_code ?? '' });
    s.participants.push({ id: e.id, name: e.facilitator_name, role: 'facilitator', group: 0, joined_at: e.at, left: false, removed: false, forgotten: false });
  },
  'workshop.renamed': (s, e) => { s.title = e.title; },
  'workshop.purpose_set': (s, e) => { s.purpose = e.purpose; },
  'workshop.language_set': (s, e) => { s.language = e.language; },
  'workshop.phase_set': (s, e) => {
    // Moving on ends the step: its timer (and its "time is up") and the group on the wall.
    s.phase = e.phase;
    s.closed_at = e.phase === 'closed' ? e.at : 0;
    s.timer = { running: false, label: '', started_at: 0, ends_at: 0, paused: false, remaining_ms: 0 };
    s.presented_group = 0;
  },
  'workshop.options_set': (s, e) => {
    for (const k of ['dots_per_participant', 'participants_may_open_groups', 'anonymous_proposals', 'votes_hidden', 'timer_sound']) {
      if (e[k] !== undefined) s.options[k] = e[k];
    }
  },
  'workshop.day_set': (s, e) => { s.day = e.date ?? ''; s.place = e.place ?? ''; },
  'workshop.locked': (s) => { s.locked = true; },
  'workshop.unlocked': (s) => { s.locked = false; },
  'participant.joined': (s, e) => {
    s.participants.push({ id: e.id, name: e.name, role: e.role, group: 0, joined_at: e.at, left: false, removed: false, forgotten: false });
  },
  'participant.renamed': (s, e) => { const p = byId(s.participants, e.actor); if (p) p.name = e.name; },
  'participant.left': (s, e) => {
    const p = byId(s.participants, e.actor);
    if (p) { p.left = true; p.group = 0; }
  },
  'participant.promoted': (s, e) => { const p = byId(s.participants, e.participant); if (p) p.role = 'facilitator'; },
  'participant.removed': (s, e) => {
    const p = byId(s.participants, e.participant);
    if (p) { p.removed = true; p.group = 0; }
    dropParticipantDots(s, e.participant);
  },
  'participant.forgotten': (s, e) => {
    const p = byId(s.participants, e.participant);
    if (!p) return;
    const name = p.name;
    p.name = '';
    p.forgotten = true;
    if (!p.left && !p.removed) p.removed = true;
    p.group = 0;
    for (const step of s.steps) if (step.owner === name) step.owner = '';
    if (e.content === 'delete') eraseContent(s, e.participant);
  },
  'theme.proposed': (s, e) => {
    s.themes.push({
      id: e.id, title: e.title, details: e.details ?? '', proposer: e.actor, proposed_at: e.at, status: 'open',
      merged_into: 0, merged_from: [], history: [], dots: [], votes: 0, anonymous: e.anonymous === true,
    });
  },
  'theme.edited': (s, e) => {
    const t = byId(s.themes, e.theme);
    if (!t) return;
    t.history.push({ title: t.title, details: t.details, by: e.actor, at: e.at });
    trimHistory(t);
    if (e.title !== undefined) t.title = e.title;
    if (e.details !== undefined) t.details = e.details;
  },
  'theme.withdrawn': (s, e) => { const t = byId(s.themes, e.theme); if (t) { t.status = 'withdrawn'; clearDots(t); } },
  'theme.merged': (s, e) => {
    const from = byId(s.themes, e.theme);
    const into = byId(s.themes, e.into);
    if (!from || !into) return;
    from.status = 'merged';
    from.merged_into = into.id;
    into.merged_from.push(from.id);
    // As in core: an anonymous theme's wordings arrive unsigned.
    const wordings = from.anonymous ? from.history.map((r) => ({ ...r, by: 0 })) : from.history;
    into.history.push(...wordings, { title: from.title, details: from.details, by: e.actor, at: e.at });
    trimHistory(into);
    for (const d of from.dots) addDots(into, d.participant, d.count);
    clearDots(from);
  },
  'theme.deleted': (s, e) => {
    s.themes = s.themes.filter((t) => t.id !== e.theme);
    for (const t of s.themes) t.merged_from = without(t.merged_from, e.theme);
  },
  'theme.restored': (s, e) => {
    const t = byId(s.themes, e.theme);
    if (!t) return;
    const into = t.status === 'merged' && byId(s.themes, t.merged_into);
    if (into) into.merged_from = without(into.merged_from, t.id);
    t.merged_into = 0;
    t.status = 'open';
  },
  'vote.added': (s, e) => { const t = byId(s.themes, e.theme); if (t) addDots(t, e.actor, 1); },
  'vote.removed': (s, e) => {
    const t = byId(s.themes, e.theme);
    const entry = t && t.dots.find((d) => d.participant === e.actor);
    if (!entry) return;
    entry.count -= 1;
    t.votes -= 1;
    if (entry.count === 0) t.dots = t.dots.filter((d) => d !== entry);
  },
  'room.added': (s, e) => { s.rooms.push({ id: e.id, name: e.name, capacity: e.capacity ?? 0 }); },
  'room.edited': (s, e) => {
    const r = byId(s.rooms, e.room);
    if (!r) return;
    if (e.name !== undefined) r.name = e.name;
    if (e.capacity !== undefined) r.capacity = e.capacity;
  },
  'room.deleted': (s, e) => {
    s.rooms = s.rooms.filter((r) => r.id !== e.room);
    for (const g of s.groups) if (g.room === e.room) g.room = 0;
  },
  'room.moved': (s, e) => {
    const r = byId(s.rooms, e.room);
    if (!r) return;
    const rest = s.rooms.filter((x) => x !== r);
    rest.splice(Math.min(e.position, rest.length), 0, r);
    s.rooms = rest;
  },
  'slot.added': (s, e) => { s.slots.push({ id: e.id, label: e.label, start: e.start, end: e.end }); },
  'slot.edited': (s, e) => {
    const sl = byId(s.slots, e.slot);
    if (!sl) return;
    for (const k of ['label', 'start', 'end']) if (e[k] !== undefined) sl[k] = e[k];
  },
  'slot.deleted': (s, e) => {
    s.slots = s.slots.filter((x) => x.id !== e.slot);
    for (const g of s.groups) if (g.slot === e.slot) g.slot = 0;
  },
  'group.opened': (s, e) => {
    s.groups.push({
      id: e.id, theme: e.theme, convener: e.convener ?? 0, room: 0, slot: 0, opened_at: e.at,
      sections: [], notes: [], steps: [], visitors: [], title: '',
    });
  },
  'group.placed': (s, e) => { const g = byId(s.groups, e.group); if (g) { g.room = e.room; g.slot = e.slot; } },
  'group.convener_set': (s, e) => { const g = byId(s.groups, e.group); if (g) g.convener = e.convener; },
  'group.renamed': (s, e) => { const g = byId(s.groups, e.group); if (g) g.title = e.title; },
  'group.deleted': (s, e) => {
    s.groups = s.groups.filter((g) => g.id !== e.group);
    s.sections = s.sections.filter((x) => x.group !== e.group);
    for (const p of s.participants) if (p.group === e.group) p.group = 0;
    if (s.presented_group === e.group) s.presented_group = 0;
  },
  'group.joined': (s, e) => {
    const p = byId(s.participants, e.actor);
    const g = byId(s.groups, e.group);
    if (p) p.group = e.group;
    if (g && !g.visitors.includes(e.actor)) g.visitors.push(e.actor);
  },
  'group.left': (s, e) => { const p = byId(s.participants, e.actor); if (p) p.group = 0; },
  'section.added': (s, e) => {
    s.sections.push({ id: e.id, group: e.group, title: e.title, created_by: e.actor });
    const g = byId(s.groups, e.group);
    if (g) g.sections.push(e.id);
  },
  'section.renamed': (s, e) => { const x = byId(s.sections, e.section); if (x) x.title = e.title; },
  'section.moved': (s, e) => {
    const x = byId(s.sections, e.section);
    const g = x && byId(s.groups, x.group);
    if (g) g.sections = reposition(g.sections, x.id, e.position, () => true);
  },
  'section.deleted': (s, e) => {
    const x = byId(s.sections, e.section);
    if (!x) return;
    s.sections = s.sections.filter((y) => y !== x);
    const g = byId(s.groups, x.group);
    if (g) g.sections = without(g.sections, x.id);
    for (const n of s.notes) if (n.section === x.id) n.section = 0;
  },
  'note.added': (s, e) => {
    s.notes.push({
      id: e.id, group: e.group, section: e.section ?? 0, text: e.text, author: e.actor, created_at: e.at, edited_at: 0,
    });
    const g = byId(s.groups, e.group);
    if (g) g.notes.push(e.id);
  },
  'note.edited': (s, e) => { const n = byId(s.notes, e.note); if (n) { n.text = e.text; n.edited_at = e.at; } },
  'note.deleted': (s, e) => {
    const n = byId(s.notes, e.note);
    if (!n) return;
    s.notes = s.notes.filter((x) => x !== n);
    const g = byId(s.groups, n.group);
    if (g) g.notes = without(g.notes, n.id);
  },
  'note.moved': (s, e) => {
    const n = byId(s.notes, e.note);
    const g = n && byId(s.groups, n.group);
    if (!g) return;
    n.section = e.section;
    const sectionOf = (id) => (byId(s.notes, id) || {}).section;
    g.notes = reposition(g.notes, n.id, e.position, (id) => sectionOf(id) === e.section);
  },
  'next_step.added': (s, e) => {
    s.steps.push({
      id: e.id, group: e.group, text: e.text, owner: e.owner ?? '', due: e.due ?? '', status: e.status ?? 'open',
      created_by: e.actor,
    });
    const g = byId(s.groups, e.group);
    if (g) g.steps.push(e.id);
  },
  'next_step.edited': (s, e) => {
    const st = byId(s.steps, e.step);
    if (!st) return;
    for (const k of ['text', 'owner', 'due', 'status']) if (e[k] !== undefined) st[k] = e[k];
  },
  'next_step.deleted': (s, e) => {
    const st = byId(s.steps, e.step);
    if (!st) return;
    s.steps = s.steps.filter((x) => x !== st);
    const g = byId(s.groups, st.group);
    if (g) g.steps = without(g.steps, st.id);
  },
  'timer.started': (s, e) => {
    s.timer = { running: true, label: e.label ?? '', started_at: e.at, ends_at: e.at + e.duration_seconds * 1000, paused: false, remaining_ms: 0 };
  },
  'timer.stopped': (s) => { s.timer = { running: false, label: '', started_at: 0, ends_at: 0, paused: false, remaining_ms: 0 }; },
  'timer.paused': (s, e) => { s.timer = { ...s.timer, paused: true, remaining_ms: Math.max(0, s.timer.ends_at - e.at) }; },
  'timer.resumed': (s, e) => { s.timer = { ...s.timer, paused: false, ends_at: e.at + s.timer.remaining_ms, remaining_ms: 0 }; },
  'timer.extended': (s, e) => {
    const added = e.seconds * 1000;
    if (s.timer.paused) s.timer.remaining_ms += added;
    else s.timer.ends_at = Math.max(s.timer.ends_at, e.at) + added;
  },
  'wall.presented': (s, e) => { s.presented_group = e.group; },
  'votes.revealed': (s) => { s.votes_revealed = true; },
  'message.posted': (s, e) => { s.message = { text: e.text, posted_at: e.at }; },
  'message.cleared': (s) => { s.message = { text: '', posted_at: 0 }; },
  'short_code.rotated': (s, e) => { s.short_code = e.short_code; },
};


/** Applies one event; events of unknown types only advance seq (a newer server may send them). */
export function applyEvent(state, event) {
  const handler = handlers[event.type];
  if (handler) handler(state, event);
  state.seq = event.seq;
  if (event.id !== undefined && event.id >= state.next_id) state.next_id = event.id + 1;
}

// ---- What the views derive from the state ----

export const find = byId;

export function theme(state, id) { return byId(state.themes, id); }
export function person(state, id) { return byId(state.participants, id); }

export function isActive(p) { return !p.left && !p.removed; }

export function members(state, groupId) {
  return state.participants.filter((p) => p.group === groupId && isActive(p));
}

export function dotsUsed(state, participant) {
  let used = 0;
  for (const t of state.themes) for (const d of t.dots) if (d.participant === participant) used += d.count;
  return used;
}

export function myDots(theme, participant) {
  const d = theme.dots.find((x) => x.participant === participant);
  return d ? d.count : 0;
}

export function openThemes(state) { return state.themes.filter((t) => t.status === 'open'); }

export function themesByVotes(state) {
  return openThemes(state).slice().sort((a, b) => b.votes - a.votes || a.id - b.id);
}

export function groupOfTheme(state, themeId) { return state.groups.find((g) => g.theme === themeId); }

/** A group's heading: its own title, or its theme's title while it has none. */
export function groupTitle(state, group) {
  if (group.title) return group.title;
  const t = theme(state, group.theme);
  return t ? t.title : '';
}

/** A group's sections in order, each with its notes, after the notes directly under the group. */
export function board(state, group) {
  const notes = group.notes.map((id) => byId(state.notes, id)).filter(Boolean);
  const loose = notes.filter((n) => n.section === 0);
  const sections = group.sections.map((id) => byId(state.sections, id)).filter(Boolean)
    .map((section) => ({ section, notes: notes.filter((n) => n.section === section.id) }));
  return { loose, sections };
}

export function groupsWithoutNotes(state) { return state.groups.filter((g) => g.notes.length === 0); }

export function placedAt(state, roomId, slotId) {
  return state.groups.find((g) => g.room === roomId && g.slot === slotId);
}
