// Rooms × slots with a pool of unplaced groups. A group moves by drag and drop, or by keyboard
// with "Place in…", where nothing moves until the choice is confirmed. Rooms and slots are
// edited and deleted here (a delete can be undone).
import { html, useEffect, useRef, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { find, groupTitle, members, placedAt } from '../state.js';
import { Field } from './common.js';
import { deleteGroup } from './console_undo.js';
import { where } from './groups.js';
import { RoomList, SlotList } from './schedule_setup.js';

/** Where "Place in…" starts: the group's own cell, else the first free one, else the first. */
function startingCell(state, group) {
  if (group.room && group.slot) return [group.room, group.slot];
  for (const r of state.rooms) {
    for (const s of state.slots) if (!placedAt(state, r.id, s.id)) return [r.id, s.id];
  }
  return [(state.rooms[0] || {}).id || '', (state.slots[0] || {}).id || ''];
}

function PlaceIn({ conn, state, group, onDone, onPlaced }) {
  const [room, setRoom] = useState(() => String(startingCell(state, group)[0]));
  const [slot, setSlot] = useState(() => String(startingCell(state, group)[1]));
  const taken = placedAt(state, Number(room), Number(slot));
  const blocked = taken && taken.id !== group.id;
  const confirm = (e) => {
    e.preventDefault();
    if (blocked || !room || !slot) return;
    conn.send({ type: 'group.place', group: group.id, room: Number(room), slot: Number(slot) });
    onPlaced(Number(room), Number(slot));
  };
  return html`<form class="place-in" onSubmit=${confirm}
    onKeyDown=${(e) => { if (e.key === 'Escape') { e.preventDefault(); onDone(); } }} aria-label=${t('place_in_for', { title: groupTitle(state, group) })}>
    <${Field} label=${t('room')} value=${room} onInput=${setRoom}>
      ${state.rooms.map((r) => html`<option value=${String(r.id)}>${r.name}</option>`)}
    <//>
    <${Field} label=${t('slot')} value=${slot} onInput=${setSlot}>
      ${state.slots.map((s) => html`<option value=${String(s.id)}>${s.label} ${s.start}–${s.end}</option>`)}
    <//>
    ${group.room && group.slot ? html`<p class="hint">${t('moves_from', { where: where(state, group) })}</p>` : ''}
    ${blocked && html`<p class="hint warn" role="alert">${t('cell_taken', { title: groupTitle(state, taken) })}</p>`}
    <button type="submit" class="primary" disabled=${blocked || !room || !slot}>${t('place_confirm')}</button>
    <button type="button" onClick=${onDone}>${t('cancel')}</button>
  </form>`;
}

/**
 * Focus follows a group the keyboard moved: it waits on the group's button where it is, then
 * goes to the group in its new place once the move arrives (the old button is gone by then).
 */
function useFollowFocus(group, follow, setFollow) {
  const button = useRef(null);
  const here = follow && follow.group === group.id;
  const arrived = here && (group.room || 0) === follow.room && (group.slot || 0) === follow.slot;
  useEffect(() => {
    if (!here || !button.current) return;
    button.current.focus();
    if (arrived) setFollow(null);
  }, [here, arrived]);
  return button;
}

function GroupChip({ conn, state, group, placing, setPlacing, follow, setFollow }) {
  const count = members(state, group.id).length;
  const room = find(state.rooms, group.room);
  const over = room && room.capacity && count > room.capacity;
  const button = useFollowFocus(group, follow, setFollow);
  const stay = () => { setPlacing(null); setFollow({ group: group.id, room: group.room || 0, slot: group.slot || 0 }); };
  const moveTo = (r, s) => { setPlacing(null); setFollow({ group: group.id, room: r, slot: s }); };
  return html`<div class="chip" draggable="true" data-group=${group.id}
    onDragStart=${(e) => { e.dataTransfer.setData('text/plain', String(group.id)); e.dataTransfer.effectAllowed = 'move'; }}>
    <span class="chip-title">${groupTitle(state, group)}</span>
    <span class=${`meta ${over ? 'warn' : ''}`}>${t('people_here', { n: count })}</span>
    ${placing === group.id ? html`<${PlaceIn} conn=${conn} state=${state} group=${group} onDone=${stay} onPlaced=${moveTo} />`
      : html`<span class="actions">
        <button type="button" ref=${button} onClick=${() => setPlacing(group.id)} aria-label=${t('place_in_for', { title: groupTitle(state, group) })}>${t('place_in')}</button>
        ${group.room && group.slot ? html`<button type="button" onClick=${() => { conn.send({ type: 'group.place', group: group.id, room: 0, slot: 0 }); moveTo(0, 0); }}>${t('take_out')}</button>` : ''}
        <button type="button" class="danger" onClick=${() => deleteGroup(conn, state, group)}>${t('delete_group')}</button>
      </span>`}
  </div>`;
}

/** Drop handlers of a cell: only an empty cell takes a group. */
function dropTarget(conn, room, slot, empty) {
  if (!empty) return {};
  return {
    onDragOver: (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; },
    onDrop: (e) => {
      e.preventDefault();
      const id = Number(e.dataTransfer.getData('text/plain'));
      if (id) conn.send({ type: 'group.place', group: id, room: room ? room.id : 0, slot: slot ? slot.id : 0 });
    },
  };
}

function Grid({ conn, state, chips }) {
  if (!state.rooms.length || !state.slots.length) return html`<p class="hint">${t('grid_needs')}</p>`;
  return html`<div class="grid-scroll"><table class="grid">
    <caption>${t('grid_heading')}</caption>
    <thead><tr><th scope="col">${t('room')}</th>${state.slots.map((s) => html`<th scope="col" key=${s.id}>${s.label}<br /><small>${s.start}–${s.end}</small></th>`)}</tr></thead>
    <tbody>
      ${state.rooms.map((room) => html`<tr key=${room.id}>
        <th scope="row">${room.name}${room.capacity ? html`<br /><small>${t('capacity_n', { n: room.capacity })}</small>` : ''}</th>
        ${state.slots.map((slot) => {
          const g = placedAt(state, room.id, slot.id);
          return html`<td key=${slot.id} class=${g ? 'cell taken' : 'cell free'} data-room=${room.id} data-slot=${slot.id} ...${dropTarget(conn, room, slot, !g)}>
            ${g ? html`<${GroupChip} key=${g.id} conn=${conn} state=${state} group=${g} ...${chips} />`
              : html`<span class="free-label">${t('free_cell')}</span>`}
          </td>`;
        })}
      </tr>`)}
    </tbody>
  </table></div>`;
}

export function Schedule({ conn, state }) {
  const [placing, setPlacing] = useState(null);
  const [follow, setFollow] = useState(null);
  const chips = { placing, setPlacing, follow, setFollow };
  const pool = state.groups.filter((g) => !g.room || !g.slot);
  return html`<div class="schedule">
    <section class="card pool" aria-labelledby="pool-heading" ...${dropTarget(conn, null, null, true)}>
      <h2 id="pool-heading">${t('pool_heading', { n: pool.length })}</h2>
      ${pool.length === 0 ? html`<p class="hint">${state.groups.length ? t('pool_empty') : t('no_groups')}</p>`
        : pool.map((g) => html`<${GroupChip} key=${g.id} conn=${conn} state=${state} group=${g} ...${chips} />`)}
    </section>
    <${Grid} conn=${conn} state=${state} chips=${chips} />
    <div class="console-grid">
      <${RoomList} conn=${conn} state=${state} />
      <${SlotList} conn=${conn} state=${state} />
    </div>
  </div>`;
}
