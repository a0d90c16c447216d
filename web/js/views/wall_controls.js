// The facilitator's controls for the wall and the room: the wall's own link, the short code,
// the group presented while sharing back, the vote reveal, a message to everyone, and the
// timer's pause, extra minutes and end sound.
import { html, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { groupTitle } from '../state.js';
import { CopyLink, Field } from './common.js';
import { groupedCode } from './wall_fit.js';

const wallKeyName = (workshop) => `samling:${workshop}:wall_key`;

function storedWallKey(workshop) {
  try { return JSON.parse(localStorage.getItem(wallKeyName(workshop))); } catch { return null; }
}

// `authKey` is the facilitator key or, for a co-facilitator, their resume token: the server's
// one identity rule (http_identity) takes either.
function WallLink({ workshop, authKey }) {
  const [key, setKey] = useState(() => storedWallKey(workshop));
  const [note, setNote] = useState('');
  const call = async (method) => {
    setNote('');
    const r = await fetch(`/api/workshops/${workshop}/wall-link`, { method, headers: { Authorization: `Bearer ${authKey}` } });
    const answer = await r.json().catch(() => ({}));
    if (!r.ok) { setNote(t('error', { message: answer.error ? answer.error.message : String(r.status) })); return; }
    const next = method === 'POST' ? answer.wall_key : null;
    try {
      if (next) localStorage.setItem(wallKeyName(workshop), JSON.stringify(next)); else localStorage.removeItem(wallKeyName(workshop));
    } catch { /* private mode: the link is shown for this page only */ }
    setKey(next);
    setNote(next ? '' : t('wall_link_revoked'));
  };
  const url = key ? `${location.origin}/w/${workshop}#view=wall&wall=${key}` : '';
  return html`<div class="wall-control">
    ${url ? html`<${CopyLink} label=${t('wall_link')} url=${url} />` : html`<p>${t('wall_link_none')}</p>`}
    <div class="row">
      <button type="button" onClick=${() => call('POST')}>${url ? t('wall_link_replace') : t('wall_link_create')}</button>
      ${url && html`<button type="button" onClick=${() => call('DELETE')}>${t('wall_link_revoke')}</button>`}
    </div>
    ${note && html`<p role="status">${note}</p>`}
  </div>`;
}

function ShortCode({ conn, state }) {
  const url = state.short_code ? `${location.origin}/j/${state.short_code}` : '';
  return html`<div class="wall-control">
    <p><span class="copy-label">${t('short_code')}</span> <strong class="short-code">${groupedCode(state.short_code) || '—'}</strong></p>
    ${url && html`<${CopyLink} label=${t('short_link')} url=${url} />`}
    <button type="button" onClick=${() => conn.send({ type: 'short_code.rotate' })}>${t('short_code_rotate')}</button>
  </div>`;
}

function Present({ conn, state }) {
  const groups = state.groups;
  const [chosen, setChosen] = useState('');
  const index = groups.findIndex((g) => g.id === state.presented_group);
  const present = (group) => conn.send({ type: 'wall.present', group });
  const next = groups.length ? groups[(index + 1) % groups.length].id : 0;
  return html`<div class="wall-control">
    <p>${state.presented_group ? t('presenting', { title: groupTitle(state, groups[index] || { theme: 0 }) }) : t('presenting_none')}</p>
    <div class="row">
      <${Field} label=${t('present_group')} value=${chosen} onInput=${setChosen}>
        <option value="">—</option>
        ${groups.map((g) => html`<option key=${g.id} value=${String(g.id)}>${groupTitle(state, g)}</option>`)}
      <//>
      <button type="button" disabled=${!chosen} onClick=${() => present(Number(chosen))}>${t('present')}</button>
      <button type="button" disabled=${!next} onClick=${() => present(next)}>${t('present_next')}</button>
      ${state.presented_group !== 0 && html`<button type="button" onClick=${() => present(0)}>${t('present_stop')}</button>`}
    </div>
  </div>`;
}

function Votes({ conn, state }) {
  const hidden = state.options.votes_hidden !== false;
  return html`<div class="wall-control">
    <label class="check"><input type="checkbox" checked=${hidden}
      onChange=${(e) => conn.send({ type: 'workshop.set_options', votes_hidden: e.target.checked })} /> ${t('votes_hidden_option')}</label>
    ${hidden && html`<button type="button" disabled=${state.votes_revealed} onClick=${() => conn.send({ type: 'votes.reveal' })}>
      ${state.votes_revealed ? t('votes_revealed') : t('votes_reveal')}</button>`}
  </div>`;
}

function Message({ conn, state }) {
  const [text, setText] = useState('');
  return html`<form class="wall-control" onSubmit=${(e) => {
    e.preventDefault();
    if (!text.trim()) return;
    conn.send({ type: 'message.post', text: text.trim() });
    setText('');
  }}>
    ${state.message && state.message.text && html`<p>${t('message_current', { text: state.message.text })}</p>`}
    <${Field} label=${t('message_label')} value=${text} onInput=${setText} maxLength="280" hint=${t('message_hint')} />
    <div class="row">
      <button type="submit">${t('message_post')}</button>
      ${state.message && state.message.text && html`<button type="button" onClick=${() => conn.send({ type: 'message.clear' })}>${t('message_clear')}</button>`}
    </div>
  </form>`;
}

function TimerExtras({ conn, state }) {
  const { timer } = state;
  return html`<div class="wall-control">
    ${timer.running && html`<div class="row">
      ${timer.paused ? html`<button type="button" onClick=${() => conn.send({ type: 'timer.resume' })}>${t('timer_resume')}</button>`
        : html`<button type="button" onClick=${() => conn.send({ type: 'timer.pause' })}>${t('timer_pause')}</button>`}
      <button type="button" onClick=${() => conn.send({ type: 'timer.extend', seconds: 60 })}>${t('timer_add', { n: 1 })}</button>
      <button type="button" onClick=${() => conn.send({ type: 'timer.extend', seconds: 300 })}>${t('timer_add', { n: 5 })}</button>
    </div>`}
    <label class="check"><input type="checkbox" checked=${!!state.options.timer_sound}
      onChange=${(e) => conn.send({ type: 'workshop.set_options', timer_sound: e.target.checked })} /> ${t('timer_sound')}</label>
  </div>`;
}

/** Every console control of the wall, in one card; takes the console views' props. */
export function WallControls({ conn, state, workshop, facilitatorKey, authKey = facilitatorKey }) {
  return html`<section class="card wall-controls" aria-labelledby="wall-controls-heading">
    <h2 id="wall-controls-heading">${t('wall_controls_heading')}</h2>
    ${authKey && html`<${WallLink} workshop=${workshop} authKey=${authKey} />`}
    <${ShortCode} conn=${conn} state=${state} />
    <${Message} conn=${conn} state=${state} />
    <${TimerExtras} conn=${conn} state=${state} />
    <${Votes} conn=${conn} state=${state} />
    <${Present} conn=${conn} state=${state} />
  </section>`;
}
