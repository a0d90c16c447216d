// What the facilitator sets for the recap: the date and place of the day, the order of the
// rooms (parallel groups follow it), and each group's own heading.
import { html, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { theme } from '../state.js';
import { Field } from './common.js';

function DayControl({ conn, state }) {
  const [date, setDate] = useState(state.day ?? '');
  const [place, setPlace] = useState(state.place ?? '');
  const save = (e) => {
    e.preventDefault();
    conn.send({ type: 'workshop.set_day', date, place });
  };
  return html`<form onSubmit=${save}>
    <div class="row">
      <${Field} label=${t('day_date')} type="date" value=${date} onInput=${setDate} />
      <${Field} label=${t('day_place')} value=${place} onInput=${setPlace} maxLength="100" />
    </div>
    <button type="submit">${t('save_day')}</button>
  </form>`;
}

function RoomOrder({ conn, state }) {
  if (state.rooms.length < 2) return null;
  const move = (room, position) => conn.send({ type: 'room.move', room: room.id, position });
  return html`<div>
    <h3>${t('room_order')}</h3>
    <ol class="room-order">
      ${state.rooms.map((r, i) => html`<li key=${r.id}>${r.name}
        <button type="button" disabled=${i === 0} aria-label=${t('move_room_up', { name: r.name })}
          onClick=${() => move(r, i - 1)}>↑</button>
        <button type="button" disabled=${i === state.rooms.length - 1} aria-label=${t('move_room_down', { name: r.name })}
          onClick=${() => move(r, i + 1)}>↓</button></li>`)}
    </ol>
  </div>`;
}

function GroupTitle({ conn, state, group }) {
  const from = theme(state, group.theme);
  const themeTitle = from ? from.title : '';
  const [title, setTitle] = useState(group.title || themeTitle);
  const save = (e) => {
    e.preventDefault();
    // The theme's own wording needs no title of its own: an empty one follows the theme.
    conn.send({ type: 'group.rename', group: group.id, title: title === themeTitle ? '' : title });
  };
  return html`<form class="row" onSubmit=${save}>
    <${Field} label=${t('group_title_for', { theme: themeTitle })} value=${title} onInput=${setTitle} maxLength="200" />
    <button type="submit">${t('save_title')}</button>
  </form>`;
}

/** The facilitator's controls for the recap, as one card. */
export function RecapControls({ conn, state }) {
  return html`<section class="card" aria-labelledby="recap-heading">
    <h2 id="recap-heading">${t('recap_heading')}</h2>
    <${DayControl} conn=${conn} state=${state} />
    <${RoomOrder} conn=${conn} state=${state} />
    ${state.groups.length > 0 && html`<h3>${t('group_titles')}</h3>
      ${state.groups.map((g) => html`<${GroupTitle} key=${g.id} conn=${conn} state=${state} group=${g} />`)}`}
  </section>`;
}
