// The breakout groups: where and when each meets, how many are there, and which meet later;
// join or move in one tap, and, when the facilitator allows it, open a group of your own.
import { html, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { find, groupOfTheme, groupTitle, members, openThemes, person } from '../state.js';
import { Field, shownName } from './common.js';

/** Room and time of a group, in words. */
export function where(state, group) {
  const room = find(state.rooms, group.room);
  const slot = find(state.slots, group.slot);
  if (!room && !slot) return t('not_placed');
  const parts = [];
  if (room) parts.push(room.name);
  if (slot) parts.push(`${slot.label} ${slot.start}–${slot.end}`);
  return parts.join(' · ');
}

/** "HH:MM" of the device's clock now. */
function clockNow(now = new Date()) {
  return `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
}

/** A group whose slot starts after now meets later in the day. */
export function meetsLater(state, group, now = clockNow()) {
  const slot = find(state.slots, group.slot);
  return Boolean(slot && slot.start > now);
}

function OpenOwnGroup({ conn, state }) {
  const free = openThemes(state).filter((th) => !groupOfTheme(state, th.id));
  const [theme, setTheme] = useState('');
  if (free.length === 0) return null;
  return html`<form class="card own-group" onSubmit=${(e) => {
    e.preventDefault();
    if (!theme) return;
    conn.send({ type: 'group.open', theme: Number(theme), convener: conn.me });
    setTheme('');
  }}>
    <h3>${t('open_own_heading')}</h3>
    <p class="hint">${t('open_own_hint')}</p>
    <${Field} label=${t('theme_title')} value=${theme} onInput=${setTheme} required>
      <option value="">—</option>
      ${free.map((th) => html`<option value=${String(th.id)}>${th.title}</option>`)}
    <//>
    <button type="submit" class="primary">${t('open_group')}</button>
  </form>`;
}

export function Groups({ conn, state, onOpen }) {
  const me = person(state, conn.me);
  const facilitator = conn.role === 'facilitator';
  const mayMove = ['breakouts', 'convergence'].includes(state.phase) || facilitator;
  const mayOpen = !facilitator && conn.role === 'participant' && state.options.participants_may_open_groups
    && state.phase === 'breakouts';
  return html`<section aria-labelledby="groups-heading">
    <h2 id="groups-heading">${t('groups_heading', { n: state.groups.length })}</h2>
    ${mayOpen && html`<${OpenOwnGroup} conn=${conn} state=${state} />`}
    ${state.groups.length === 0 && html`<p class="empty">${t('no_groups')}</p>`}
    <ul class="groups">
      ${state.groups.map((g) => {
        const here = me && me.group === g.id;
        const count = members(state, g.id).length;
        const later = meetsLater(state, g);
        return html`<li class=${`group card ${here ? 'here' : ''} ${later ? 'later' : ''}`} key=${g.id}>
          <div class="theme-head">
            <h3>${groupTitle(state, g)}</h3>
            <span class="headcount" aria-label=${t('people_here', { n: count })}>${t('people_here', { n: count })}</span>
          </div>
          <p class="meta">${later && html`<span class="badge badge-later">${t('later')}</span> `}${where(state, g)}${g.convener ? ` · ${t('convener')}: ${shownName(state, g.convener)}` : ''}</p>
          <div class="actions">
            ${here ? html`<span class="you-are-here">${t('you_are_here')}</span>`
              : mayMove && html`<button type="button" class="primary" onClick=${() => { conn.send({ type: 'group.join', group: g.id }); onOpen(g.id); }}>
                  ${me && me.group ? t('move_here') : t('join_group')}</button>`}
            <button type="button" onClick=${() => onOpen(g.id)}>${t('open_board')}</button>
            ${here && mayMove && html`<button type="button" onClick=${() => conn.send({ type: 'group.leave' })}>${t('leave_group')}</button>`}
          </div>
        </li>`;
      })}
    </ul>
  </section>`;
}
