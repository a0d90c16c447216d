// A group's heading on its board, with a small editor for its convener (and facilitators):
// the group may come to be about more, or other, than the theme it was opened from.
import { html, useEffect, useRef, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { groupTitle, theme } from '../state.js';
import { Field } from './common.js';

function HeadingEditor({ conn, state, group, onDone }) {
  const from = theme(state, group.theme);
  const themeTitle = from ? from.title : '';
  const [title, setTitle] = useState(groupTitle(state, group));
  const box = useRef(null);
  useEffect(() => { box.current.querySelector('input').focus(); }, []);
  const save = (e) => {
    e.preventDefault();
    const wanted = title.trim();
    // Emptied, or back to the theme's wording: the heading follows the theme again.
    const next = wanted === themeTitle ? '' : wanted;
    if (next !== group.title) conn.send({ type: 'group.rename', group: group.id, title: next });
    onDone();
  };
  return html`<form class="heading-editor" ref=${box} onSubmit=${save}
    onKeyDown=${(e) => { if (e.key === 'Escape') { e.preventDefault(); onDone(); } }}>
    <${Field} label=${t('group_title_label')} value=${title} onInput=${setTitle} maxLength="200" />
    <button type="submit" class="primary">${t('save_title')}</button>
    <button type="button" onClick=${onDone}>${t('cancel')}</button>
  </form>`;
}

/** The board's h2; `mayRename` offers the editor, and focus returns to its button after. */
export function GroupHeading({ conn, state, group, mayRename }) {
  const [editing, setEditing] = useState(false);
  const [returning, setReturning] = useState(false);
  const button = useRef(null);
  useEffect(() => {
    if (!editing && returning && button.current) { button.current.focus(); setReturning(false); }
  }, [editing, returning]);
  const title = groupTitle(state, group);
  return html`<div class="group-heading">
    <h2 id="board-heading">${title}</h2>
    ${mayRename && !editing && html`<button type="button" class="edit-heading" ref=${button}
      aria-label=${t('edit_group_title', { title })} onClick=${() => setEditing(true)}>✎</button>`}
    ${editing && html`<${HeadingEditor} conn=${conn} state=${state} group=${group}
      onDone=${() => { setEditing(false); setReturning(true); }} />`}
  </div>`;
}
