// Rooms (with an optional capacity) and time slots: added, edited in place and deleted.
import { html, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { Field } from './common.js';
import { deleteRoom, deleteSlot } from './console_undo.js';

const TIME = '[0-2][0-9]:[0-5][0-9]';

function RoomForm({ room, onSave, onCancel }) {
  const [name, setName] = useState(room ? room.name : '');
  const [capacity, setCapacity] = useState(room && room.capacity ? String(room.capacity) : '');
  return html`<form class="inline-form" onSubmit=${(e) => {
    e.preventDefault();
    if (!name.trim()) return;
    onSave({ name: name.trim(), capacity: capacity ? Number(capacity) : 0 });
    if (!room) { setName(''); setCapacity(''); }
  }}>
    <${Field} label=${t('room_name')} value=${name} onInput=${setName} required maxLength="100" />
    <${Field} label=${t('capacity')} type="number" min="0" max="10000" value=${capacity} onInput=${setCapacity} />
    <button type="submit" class=${room ? 'primary' : ''}>${room ? t('save') : t('add_room')}</button>
    ${onCancel && html`<button type="button" onClick=${onCancel}>${t('cancel')}</button>`}
  </form>`;
}

function SlotForm({ slot, onSave, onCancel }) {
  const [label, setLabel] = useState(slot ? slot.label : '');
  const [start, setStart] = useState(slot ? slot.start : '10:00');
  const [end, setEnd] = useState(slot ? slot.end : '11:00');
  return html`<form class="inline-form" onSubmit=${(e) => {
    e.preventDefault();
    if (!label.trim()) return;
    onSave({ label: label.trim(), start, end });
    if (!slot) setLabel('');
  }}>
    <${Field} label=${t('slot_label')} value=${label} onInput=${setLabel} required maxLength="100" />
    <${Field} label=${t('slot_start')} value=${start} onInput=${setStart} pattern=${TIME} required />
    <${Field} label=${t('slot_end')} value=${end} onInput=${setEnd} pattern=${TIME} required />
    <button type="submit" class=${slot ? 'primary' : ''}>${slot ? t('save') : t('add_slot')}</button>
    ${onCancel && html`<button type="button" onClick=${onCancel}>${t('cancel')}</button>`}
  </form>`;
}

export function RoomList({ conn, state }) {
  const [editing, setEditing] = useState(null);
  return html`<section class="card" aria-labelledby="rooms-heading">
    <h2 id="rooms-heading">${t('rooms_heading')}</h2>
    <ul class="plain-list">${state.rooms.map((r) => html`<li key=${r.id}>
      ${editing === r.id ? html`<${RoomForm} room=${r} onCancel=${() => setEditing(null)} onSave=${(v) => {
        conn.send({ type: 'room.edit', room: r.id, name: v.name, capacity: v.capacity });
        setEditing(null);
      }} />` : html`<span class="item-name">${r.name}</span>
        ${r.capacity ? html`<span class="meta">${t('capacity_n', { n: r.capacity })}</span>` : ''}
        <span class="actions">
          <button type="button" onClick=${() => setEditing(r.id)} aria-label=${t('edit_named', { name: r.name })}>${t('edit')}</button>
          <button type="button" class="danger" onClick=${() => deleteRoom(conn, state, r)} aria-label=${t('delete_named', { name: r.name })}>${t('delete')}</button>
        </span>`}
    </li>`)}</ul>
    <${RoomForm} onSave=${(v) => conn.send({ type: 'room.add', name: v.name, ...(v.capacity ? { capacity: v.capacity } : {}) })} />
  </section>`;
}

export function SlotList({ conn, state }) {
  const [editing, setEditing] = useState(null);
  return html`<section class="card" aria-labelledby="slots-heading">
    <h2 id="slots-heading">${t('slots_heading')}</h2>
    <ul class="plain-list">${state.slots.map((s) => html`<li key=${s.id}>
      ${editing === s.id ? html`<${SlotForm} slot=${s} onCancel=${() => setEditing(null)} onSave=${(v) => {
        conn.send({ type: 'slot.edit', slot: s.id, ...v });
        setEditing(null);
      }} />` : html`<span class="item-name">${s.label}</span> <span class="meta">${s.start}–${s.end}</span>
        <span class="actions">
          <button type="button" onClick=${() => setEditing(s.id)} aria-label=${t('edit_named', { name: s.label })}>${t('edit')}</button>
          <button type="button" class="danger" onClick=${() => deleteSlot(conn, state, s)} aria-label=${t('delete_named', { name: s.label })}>${t('delete')}</button>
        </span>`}
    </li>`)}</ul>
    <${SlotForm} onSave=${(v) => conn.send({ type: 'slot.add', ...v })} />
  </section>`;
}
