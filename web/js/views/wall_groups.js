// The wall once groups meet: the rooms × slots schedule with live head-counts, the board of the
// group presented while sharing back, and the close of the day in figures.
import { html } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { board, find, groupTitle, isActive, members } from '../state.js';
import { useTick } from './common.js';

/** Slots shown side by side at most; past that, the current and the next ones. */
const SLOTS_SHOWN = 3;

function clock(ms) {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Slots in time order with which one is now and which is next. */
function timeline(state, now) {
  const slots = [...state.slots].sort((a, b) => a.start.localeCompare(b.start));
  const at = clock(now);
  const current = slots.find((s) => s.start <= at && at < s.end);
  const next = slots.find((s) => s.start > at);
  let shown = slots;
  if (slots.length > SLOTS_SHOWN) {
    const from = Math.max(0, slots.indexOf(current || next || slots[slots.length - 1]));
    shown = slots.slice(from, from + SLOTS_SHOWN);
  }
  return { shown, current, next };
}

function HeadCount({ state, group, room }) {
  const n = members(state, group.id).length;
  const full = room && room.capacity > 0 && n >= room.capacity;
  return html`<span class=${`wall-count ${full ? 'wall-full' : ''}`}>
    ${room && room.capacity > 0 ? t('wall_of_capacity', { n, capacity: room.capacity }) : t('people_here', { n })}</span>`;
}

export function WallSchedule({ conn, state }) {
  useTick(15000);
  const { shown, current, next } = timeline(state, conn.now());
  const unplaced = state.groups.filter((g) => !g.room || !g.slot || !shown.some((s) => s.id === g.slot));
  const cell = (room, slot) => {
    const g = state.groups.find((x) => x.room === room.id && x.slot === slot.id);
    const mark = slot === current ? 'wall-now' : '';
    if (!g) return html`<td key=${slot.id} class=${mark}></td>`;
    return html`<td key=${slot.id} class=${mark}><span class="wall-group">${groupTitle(state, g)}</span>
      <${HeadCount} state=${state} group=${g} room=${room} /></td>`;
  };
  const heading = (s) => html`<th scope="col" key=${s.id} class=${s === current ? 'wall-now' : ''}>
    ${s === current ? html`<span class="wall-tag">${t('wall_now')}</span>` : s === next ? html`<span class="wall-tag wall-tag-next">${t('wall_next')}</span>` : ''}
    ${s.label} ${s.start}–${s.end}</th>`;
  return html`<section class="wall-screen" aria-label=${t('grid_heading')}>
    ${state.rooms.length > 0 && shown.length > 0 && html`<table class="wall-grid">
      <thead><tr><th scope="col">${t('room')}</th>${shown.map(heading)}</tr></thead>
      <tbody>${state.rooms.map((room) => html`<tr key=${room.id}><th scope="row">${room.name}</th>${shown.map((slot) => cell(room, slot))}</tr>`)}</tbody>
    </table>`}
    ${unplaced.length > 0 && html`<ul class="wall-unplaced">
      ${unplaced.map((g) => {
        const room = find(state.rooms, g.room);
        return html`<li key=${g.id}><span class="wall-group">${groupTitle(state, g)}</span>
          ${room && html`<span class="wall-room">${room.name}</span>`}
          <${HeadCount} state=${state} group=${g} room=${room} /></li>`;
      })}
    </ul>`}
  </section>`;
}

export function WallPresented({ conn, state }) {
  const group = find(state.groups, state.presented_group);
  if (!group) {
    return html`<div><p class="wall-lead">${t('wall_pick_group')}</p><${WallSchedule} conn=${conn} state=${state} /></div>`;
  }
  const { loose, sections } = board(state, group);
  const steps = group.steps.map((id) => find(state.steps, id)).filter(Boolean);
  const notes = (list) => html`<ul class="wall-notes">${list.map((n) => html`<li key=${n.id}>${n.text}</li>`)}</ul>`;
  return html`<section class="wall-screen wall-board" aria-labelledby="wall-board-title">
    <h2 id="wall-board-title" class="wall-board-title">${groupTitle(state, group)}</h2>
    ${loose.length === 0 && sections.length === 0 && steps.length === 0 && html`<p class="wall-lead">${t('empty_board')}</p>`}
    <div class="wall-board-body">
      ${loose.length > 0 && notes(loose)}
      ${sections.map(({ section, notes: list }) => html`<div key=${section.id} class="wall-section">
        <h3>${section.title}</h3>${notes(list)}</div>`)}
      ${steps.length > 0 && html`<div class="wall-section"><h3>${t('wall_next_steps')}</h3>
        <ul class="wall-notes">${steps.map((s) => html`<li key=${s.id}>${s.text}${s.owner ? ` · ${s.owner}` : ''}</li>`)}</ul></div>`}
    </div>
  </section>`;
}

export function WallClosed({ state }) {
  const people = state.participants.filter((p) => isActive(p) || p.left).length;
  const figures = [
    [state.themes.filter((x) => x.status === 'open').length, t('wall_fig_themes')],
    [state.groups.length, t('wall_fig_groups')],
    [state.notes.length, t('wall_fig_notes')],
    [people, t('wall_fig_people')],
  ];
  return html`<section class="wall-screen wall-closed" aria-labelledby="wall-thanks">
    <h2 id="wall-thanks" class="wall-thanks">${t('wall_thanks')}</h2>
    <ul class="wall-figures">${figures.map(([n, label]) => html`<li key=${label}><strong>${n}</strong> ${label}</li>`)}</ul>
    <p class="wall-lead">${t('wall_recap')}</p>
  </section>`;
}
