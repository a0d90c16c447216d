// The projector wall, 1920×1080: large type, no controls. The marketplace while themes are
// proposed and voted on; the schedule and live head-counts once groups meet.
import { html } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { find, groupTitle, members, openThemes, themesByVotes } from '../state.js';
import { PhaseBadge, QrCode, Timer } from './common.js';

function WallThemes({ state }) {
  const themes = state.phase === 'voting' ? themesByVotes(state) : openThemes(state);
  return html`<ol class="wall-themes">
    ${themes.map((th) => html`<li key=${th.id}><span class="wall-theme-title">${th.title}</span>
      ${state.phase === 'voting' && html`<span class="wall-votes">${th.votes}</span>`}</li>`)}
  </ol>`;
}

function WallSchedule({ state }) {
  const unplaced = state.groups.filter((g) => !g.room || !g.slot);
  const cell = (room, slot) => {
    const g = state.groups.find((x) => x.room === room.id && x.slot === slot.id);
    if (!g) return html`<td key=${slot.id}></td>`;
    return html`<td key=${slot.id}><span class="wall-group">${groupTitle(state, g)}</span>
      <span class="wall-count">${t('people_here', { n: members(state, g.id).length })}</span></td>`;
  };
  return html`<div>
    ${state.rooms.length > 0 && state.slots.length > 0 && html`<table class="wall-grid">
      <thead><tr><th scope="col"></th>${state.slots.map((s) => html`<th scope="col" key=${s.id}>${s.label} ${s.start}–${s.end}</th>`)}</tr></thead>
      <tbody>${state.rooms.map((room) => html`<tr key=${room.id}><th scope="row">${room.name}</th>${state.slots.map((slot) => cell(room, slot))}</tr>`)}</tbody>
    </table>`}
    ${unplaced.length > 0 && html`<ul class="wall-unplaced">
      ${unplaced.map((g) => html`<li key=${g.id}><span class="wall-group">${groupTitle(state, g)}</span>
        <span class="wall-count">${[find(state.rooms, g.room)?.name, t('people_here', { n: members(state, g.id).length })].filter(Boolean).join(' · ')}</span></li>`)}
    </ul>`}
  </div>`;
}

export function Wall({ conn, state, joinUrl }) {
  const groupsPhase = ['breakouts', 'convergence', 'closed'].includes(state.phase) && state.groups.length > 0;
  return html`<main class="wall">
    <header class="wall-head">
      <h1>${state.title}</h1>
      <${PhaseBadge} phase=${state.phase} />
      <${Timer} conn=${conn} state=${state} large=${true} />
    </header>
    ${state.phase === 'welcome' && html`<div class="wall-welcome">
      ${state.purpose && html`<p class="wall-purpose">${state.purpose}</p>`}
      ${joinUrl && html`<div class="wall-join"><${QrCode} text=${joinUrl} size=${420} /><p>${t('wall_waiting')}</p><p class="wall-url">${joinUrl}</p></div>`}
    </div>`}
    ${state.phase !== 'welcome' && (groupsPhase ? html`<${WallSchedule} state=${state} />` : html`<${WallThemes} state=${state} />`)}
  </main>`;
}
