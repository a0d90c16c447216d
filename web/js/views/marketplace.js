// The marketplace: propose themes, see everyone's live, dot-vote with the remaining dots shown.
// While people vote the list keeps its order under their thumbs; "sort by votes" re-sorts it.
import { html, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { dotsUsed, find, groupOfTheme, myDots, openThemes, themesByVotes } from '../state.js';
import { Field, shownName } from './common.js';
import { deleteTheme, mergeTheme } from './console_undo.js';
import { withdrawTheme } from './undoable.js';

function ProposeForm({ conn }) {
  const [title, setTitle] = useState('');
  const [details, setDetails] = useState('');
  const submit = (e) => {
    e.preventDefault();
    if (!title.trim()) return;
    conn.send({ type: 'theme.propose', title: title.trim(), ...(details.trim() ? { details: details.trim() } : {}) });
    setTitle('');
    setDetails('');
  };
  return html`<form class="card" onSubmit=${submit}>
    <h2>${t('propose_heading')}</h2>
    <${Field} label=${t('theme_title')} value=${title} onInput=${setTitle} required maxLength="200" />
    <${Field} label=${t('theme_details')} value=${details} onInput=${setDetails} multiline maxLength="2000" />
    <button type="submit" class="primary">${t('propose')}</button>
  </form>`;
}

function ThemeEditor({ conn, theme, onDone }) {
  const [title, setTitle] = useState(theme.title);
  const [details, setDetails] = useState(theme.details);
  const submit = (e) => {
    e.preventDefault();
    conn.send({ type: 'theme.edit', theme: theme.id, title: title.trim(), details });
    onDone();
  };
  return html`<form class="editor" onSubmit=${submit}>
    <${Field} label=${t('theme_title')} value=${title} onInput=${setTitle} required maxLength="200" />
    <${Field} label=${t('theme_details')} value=${details} onInput=${setDetails} multiline maxLength="2000" />
    <button type="submit" class="primary">${t('save')}</button>
    <button type="button" onClick=${onDone}>${t('cancel')}</button>
  </form>`;
}

function MergeControl({ conn, state, theme }) {
  const [into, setInto] = useState('');
  const others = openThemes(state).filter((x) => x.id !== theme.id);
  if (!others.length) return null;
  return html`<span class="inline-form">
    <${Field} label=${t('merge_into')} value=${into} onInput=${setInto}>
      <option value="">—</option>
      ${others.map((o) => html`<option value=${o.id}>${o.title}</option>`)}
    <//>
    <button type="button" disabled=${!into}
      onClick=${() => { mergeTheme(conn, theme, find(state.themes, Number(into))); setInto(''); }}>${t('merge')}</button>
  </span>`;
}

function ThemeCard({ conn, state, theme, facilitator }) {
  const [editing, setEditing] = useState(false);
  const voting = state.phase === 'voting';
  const mine = myDots(theme, conn.me);
  const total = state.options.dots_per_participant;
  const left = total - dotsUsed(state, conn.me);
  const own = theme.proposer === conn.me && theme.proposer !== 0;
  const editable = (own && ['marketplace', 'voting'].includes(state.phase)) || facilitator;
  const group = groupOfTheme(state, theme.id);
  if (editing) return html`<li class="theme card"><${ThemeEditor} conn=${conn} theme=${theme} onDone=${() => setEditing(false)} /></li>`;
  return html`<li class="theme card">
    <div class="theme-head">
      <h3>${theme.title}</h3>
      <span class="votes" aria-label=${t('votes', { n: theme.votes })}>${theme.votes}</span>
    </div>
    ${theme.details && html`<p class="details">${theme.details}</p>`}
    <p class="meta">
      ${theme.proposer !== 0 && t('proposed_by', { name: shownName(state, theme.proposer) })}
      ${mine > 0 && html` · <strong>${t('your_dots', { n: mine })}</strong>`}
      ${group && html` · ${t('has_group')}`}
    </p>
    <div class="actions">
      ${voting && conn.role !== 'observer' && html`
        <button type="button" class="dot" disabled=${left <= 0} aria-label=${t('add_dot', { title: theme.title })}
          onClick=${() => conn.send({ type: 'vote.add', theme: theme.id })}>+●</button>
        <button type="button" class="dot" disabled=${mine <= 0} aria-label=${t('remove_dot', { title: theme.title })}
          onClick=${() => conn.send({ type: 'vote.remove', theme: theme.id })}>−●</button>`}
      ${editable && html`<button type="button" onClick=${() => setEditing(true)}>${t('edit')}</button>`}
      ${editable && !group && html`<button type="button" class="danger" onClick=${() => withdrawTheme(conn, theme)}>${t('withdraw')}</button>`}
      ${facilitator && !group && html`<button type="button" class="danger" onClick=${() => deleteTheme(conn, theme)}>${t('delete')}</button>`}
      ${facilitator && !group && html`<button type="button" onClick=${() => conn.send({ type: 'group.open', theme: theme.id })}>${t('open_group')}</button>`}
      ${facilitator && !group && html`<${MergeControl} conn=${conn} state=${state} theme=${theme} />`}
    </div>
  </li>`;
}

/** The themes in the order last chosen: the ids of `order` first, new themes after them. */
function inOrder(themes, order) {
  const rank = new Map(order.map((id, i) => [id, i]));
  return themes.slice().sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity) || a.id - b.id);
}

export function Marketplace({ conn, state, facilitator }) {
  const [order, setOrder] = useState(() => themesByVotes(state).map((th) => th.id));
  const voting = state.phase === 'voting';
  const themes = voting ? inOrder(openThemes(state), order)
    : state.phase === 'marketplace' ? openThemes(state) : themesByVotes(state);
  const total = state.options.dots_per_participant;
  const left = total - dotsUsed(state, conn.me);
  const mayPropose = conn.role !== 'observer' && (state.phase === 'marketplace' || facilitator);
  return html`<section class="marketplace" aria-labelledby="themes-heading">
    ${mayPropose && html`<${ProposeForm} conn=${conn} />`}
    ${state.phase === 'voting' && conn.role !== 'observer' && html`<p class="dots-left" role="status">${t('dots_left', { n: left, total })}</p>`}
    <div class="list-head">
      <h2 id="themes-heading">${t('themes_heading', { n: themes.length })}</h2>
      ${voting && html`<button type="button" onClick=${() => setOrder(themesByVotes(state).map((th) => th.id))}>${t('sort_by_votes')}</button>`}
    </div>
    ${themes.length === 0 && html`<p class="empty">${t('no_themes')}</p>`}
    <ul class="themes">
      ${themes.map((theme) => html`<${ThemeCard} key=${theme.id} conn=${conn} state=${state} theme=${theme} facilitator=${facilitator} />`)}
    </ul>
  </section>`;
}
