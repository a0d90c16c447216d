// What only facilitators see: the phase of the day, options, timer, groups from the top-voted
// themes, rooms × slots, moderation of people, links, the QR code and the exports.
import { html, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { groupOfTheme, groupTitle, groupsWithoutNotes, isActive, placedAt, themesByVotes } from '../state.js';
import { CopyLink, Field, PHASES, QrCode } from './common.js';
import { WallControls } from './wall_controls.js';

function PhaseControl({ conn, state }) {
  return html`<section class="card" aria-labelledby="phases-heading">
    <h2 id="phases-heading">${t('phases_heading')}</h2>
    <div class="phase-buttons">
      ${PHASES.map((p) => html`<button type="button" class=${p === state.phase ? 'primary' : ''} aria-pressed=${p === state.phase}
        aria-label=${t('set_phase', { phase: t(`phase_${p}`) })}
        disabled=${p === state.phase} onClick=${() => conn.send({ type: 'workshop.set_phase', phase: p })}>${t(`phase_${p}`)}</button>`)}
    </div>
  </section>`;
}

function TimerControl({ conn, state }) {
  const [minutes, setMinutes] = useState('10');
  const [label, setLabel] = useState('');
  const start = (e) => {
    e.preventDefault();
    const seconds = Math.round(Number(minutes) * 60);
    if (!(seconds > 0)) return;
    conn.send({ type: 'timer.start', duration_seconds: seconds, ...(label ? { label } : {}) });
  };
  return html`<form class="card" onSubmit=${start} aria-labelledby="timer-heading">
    <h2 id="timer-heading">${t('timer')}</h2>
    <div class="row">
      <${Field} label=${t('minutes')} type="number" min="1" max="1440" step="1" value=${minutes} onInput=${setMinutes} />
      <${Field} label=${t('timer_label')} value=${label} onInput=${setLabel} maxLength="100" />
    </div>
    <button type="submit" class="primary">${t('start_timer')}</button>
    ${state.timer.running && html`<button type="button" onClick=${() => conn.send({ type: 'timer.stop' })}>${t('stop_timer')}</button>`}
  </form>`;
}

function OptionsControl({ conn, state }) {
  const [dots, setDots] = useState(String(state.options.dots_per_participant));
  const [mayOpen, setMayOpen] = useState(state.options.participants_may_open_groups);
  const [anonymous, setAnonymous] = useState(state.options.anonymous_proposals);
  const save = (e) => {
    e.preventDefault();
    conn.send({ type: 'workshop.set_options', dots_per_participant: Number(dots), participants_may_open_groups: mayOpen, anonymous_proposals: anonymous });
  };
  return html`<form class="card" onSubmit=${save} aria-labelledby="options-heading">
    <h2 id="options-heading">${t('options_heading')}</h2>
    <${Field} label=${t('dots_per_participant')} type="number" min="0" max="20" value=${dots} onInput=${setDots} />
    <label class="check"><input type="checkbox" checked=${mayOpen} onChange=${(e) => setMayOpen(e.target.checked)} /> ${t('participants_may_open_groups')}</label>
    <label class="check"><input type="checkbox" checked=${anonymous} onChange=${(e) => setAnonymous(e.target.checked)} /> ${t('anonymous_proposals')}</label>
    <button type="submit">${t('save_options')}</button>
    <button type="button" onClick=${() => conn.send({ type: state.locked ? 'workshop.unlock' : 'workshop.lock' })}>${state.locked ? t('unlock') : t('lock')}</button>
  </form>`;
}

function OpenTopGroups({ conn, state }) {
  const [count, setCount] = useState('4');
  const candidates = themesByVotes(state).filter((th) => !groupOfTheme(state, th.id));
  const open = (e) => {
    e.preventDefault();
    for (const th of candidates.slice(0, Number(count))) conn.send({ type: 'group.open', theme: th.id });
  };
  return html`<form class="card" onSubmit=${open} aria-labelledby="top-heading">
    <h2 id="top-heading">${t('open_top_heading')}</h2>
    <ol class="top-themes">${candidates.slice(0, Number(count) || 0).map((th) => html`<li key=${th.id}>${th.title} (${th.votes})</li>`)}</ol>
    <${Field} label=${t('how_many')} type="number" min="1" max="200" value=${count} onInput=${setCount} />
    <button type="submit" class="primary" disabled=${candidates.length === 0}>${t('open_top')}</button>
  </form>`;
}

function SilentGroups({ state }) {
  const silent = groupsWithoutNotes(state);
  if (!state.groups.length) return null;
  return html`<section class="card" aria-labelledby="silent-heading">
    <h2 id="silent-heading">${t('silent_groups')}</h2>
    ${silent.length === 0 ? html`<p>${t('all_groups_writing')}</p>`
      : html`<ul class="silent">${silent.map((g) => html`<li key=${g.id}>${groupTitle(state, g)}</li>`)}</ul>`}
  </section>`;
}

export function RunDay({ conn, state, workshop, joinCode, facilitatorKey }) {
  return html`<div class="console-grid">
    ${state.phase === 'welcome' && html`<${Links} workshop=${workshop} joinCode=${joinCode} facilitatorKey=${facilitatorKey} />`}
    <${PhaseControl} conn=${conn} state=${state} />
    <${TimerControl} conn=${conn} state=${state} />
    <${OpenTopGroups} conn=${conn} state=${state} />
    <${SilentGroups} state=${state} />
    <${OptionsControl} conn=${conn} state=${state} />
    <${WallControls} conn=${conn} state=${state} workshop=${workshop} joinCode=${joinCode} facilitatorKey=${facilitatorKey} />
  </div>`;
}

function AddRoom({ conn }) {
  const [name, setName] = useState('');
  const [capacity, setCapacity] = useState('');
  return html`<form class="card" onSubmit=${(e) => {
    e.preventDefault();
    if (!name.trim()) return;
    conn.send({ type: 'room.add', name: name.trim(), ...(capacity ? { capacity: Number(capacity) } : {}) });
    setName('');
    setCapacity('');
  }}>
    <h2>${t('rooms_heading')}</h2>
    <div class="row">
      <${Field} label=${t('room_name')} value=${name} onInput=${setName} required maxLength="100" />
      <${Field} label=${t('capacity')} type="number" min="0" max="10000" value=${capacity} onInput=${setCapacity} />
    </div>
    <button type="submit">${t('add_room')}</button>
  </form>`;
}

function AddSlot({ conn }) {
  const [label, setLabel] = useState('');
  const [start, setStart] = useState('10:00');
  const [end, setEnd] = useState('11:00');
  return html`<form class="card" onSubmit=${(e) => {
    e.preventDefault();
    if (!label.trim()) return;
    conn.send({ type: 'slot.add', label: label.trim(), start, end });
    setLabel('');
  }}>
    <h2>${t('slots_heading')}</h2>
    <div class="row">
      <${Field} label=${t('slot_label')} value=${label} onInput=${setLabel} required maxLength="100" />
      <${Field} label=${t('slot_start')} value=${start} onInput=${setStart} pattern="[0-2][0-9]:[0-5][0-9]" required />
      <${Field} label=${t('slot_end')} value=${end} onInput=${setEnd} pattern="[0-2][0-9]:[0-5][0-9]" required />
    </div>
    <button type="submit">${t('add_slot')}</button>
  </form>`;
}

/** Rooms × slots: each cell a select of groups, so placing works by keyboard as well as pointer. */
export function ScheduleGrid({ conn, state, readOnly }) {
  if (!state.rooms.length || !state.slots.length) return null;
  const place = (room, slot, value) => {
    const current = placedAt(state, room.id, slot.id);
    if (current && String(current.id) === value) return;
    if (current) conn.send({ type: 'group.place', group: current.id, room: 0, slot: 0 });
    if (value) conn.send({ type: 'group.place', group: Number(value), room: room.id, slot: slot.id });
  };
  return html`<table class="grid">
    <caption>${t('grid_heading')}</caption>
    <thead><tr><th scope="col">${t('room')}</th>${state.slots.map((s) => html`<th scope="col" key=${s.id}>${s.label}<br /><small>${s.start}–${s.end}</small></th>`)}</tr></thead>
    <tbody>
      ${state.rooms.map((room) => html`<tr key=${room.id}>
        <th scope="row">${room.name}${room.capacity ? html`<br /><small>${room.capacity}</small>` : ''}</th>
        ${state.slots.map((slot) => {
          const g = placedAt(state, room.id, slot.id);
          if (readOnly) return html`<td key=${slot.id}>${g ? groupTitle(state, g) : ''}</td>`;
          const label = t('place_group', { room: room.name, slot: slot.label });
          return html`<td key=${slot.id}>
            <select aria-label=${label} value=${g ? String(g.id) : ''} onChange=${(e) => place(room, slot, e.target.value)}>
              <option value="">${t('nobody')}</option>
              ${state.groups.map((x) => html`<option value=${String(x.id)}>${groupTitle(state, x)}</option>`)}
            </select>
          </td>`;
        })}
      </tr>`)}
    </tbody>
  </table>`;
}

export function Schedule({ conn, state }) {
  return html`<div>
    <div class="console-grid">
      <${AddRoom} conn=${conn} />
      <${AddSlot} conn=${conn} />
    </div>
    <${ScheduleGrid} conn=${conn} state=${state} />
  </div>`;
}

export function People({ conn, state }) {
  const people = state.participants.filter(isActive);
  return html`<section aria-labelledby="people-heading">
    <h2 id="people-heading">${t('people_heading', { n: people.length })}</h2>
    <ul class="people">
      ${people.map((p) => html`<li class="card person" key=${p.id}>
        <span class="person-name">${p.name}</span>
        <span class="meta">${t(`role_${p.role}`)}${conn.online.has(p.id) ? ` · ${t('online')}` : ''}${p.id === conn.me ? ` · ${t('you')}` : ''}</span>
        ${p.id !== 1 && p.id !== conn.me && html`<span class="actions">
          ${p.role !== 'facilitator' && html`<button type="button" class="small" onClick=${() => conn.send({ type: 'participant.promote', participant: p.id })}>${t('promote')}</button>`}
          <button type="button" class="small danger" onClick=${() => {
            if (confirm(t('confirm_remove', { name: p.name }))) conn.send({ type: 'participant.remove', participant: p.id });
          }}>${t('remove')}</button>
        </span>`}
      </li>`)}
    </ul>
  </section>`;
}

export function exportLinks(workshop, key) {
  const base = `/api/workshops/${workshop}/export.`;
  const q = `?key=${encodeURIComponent(key)}`;
  return [
    ['html', t('export_html')], ['md', t('export_md')], ['csv', t('export_csv')], ['json', t('export_json')],
  ].map(([ext, label]) => ({ ext, label, url: `${base}${ext}${q}` }));
}

export function Links({ workshop, joinCode, facilitatorKey }) {
  const origin = location.origin;
  const participantUrl = `${origin}/w/${workshop}#join=${joinCode}`;
  const summaryUrl = `${origin}/w/${workshop}#view=summary&key=${facilitatorKey}`;
  return html`<section class="card links" aria-labelledby="links-heading">
    <h2 id="links-heading">${t('links_heading')}</h2>
    ${joinCode && html`<${CopyLink} label=${t('participant_link')} url=${participantUrl} />`}
    ${joinCode && html`<${QrCode} text=${participantUrl} />`}
    <${CopyLink} label=${t('summary_link')} url=${summaryUrl} />
  </section>`;
}
