// The pieces of a board: a note with its edit, move and delete, and a sub-heading with its
// rename, move and delete. Moving is by explicit choice, never by accident.
import { html, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { Field, shownName } from './common.js';
import { deleteNote, deleteSection } from './undoable.js';

function NoteMove({ conn, note, sections, onDone }) {
  const [section, setSection] = useState(String(note.section));
  return html`<form class="inline-form" onSubmit=${(e) => {
    e.preventDefault();
    conn.send({ type: 'note.move', note: note.id, section: Number(section), position: 1000000 });
    onDone();
  }}>
    <${Field} label=${t('move_note_to')} value=${section} onInput=${setSection}>
      <option value="0">${t('no_section')}</option>
      ${sections.map(({ section: s }) => html`<option value=${String(s.id)}>${s.title}</option>`)}
    <//>
    <button type="submit" class="primary">${t('move')}</button>
    <button type="button" onClick=${onDone}>${t('cancel')}</button>
  </form>`;
}

export function NoteItem({ conn, state, note, sections = [], mayModerate, pending }) {
  const [mode, setMode] = useState('');
  const [text, setText] = useState(note.text);
  const own = note.author === conn.me;
  const mayChange = !pending && (own || mayModerate) && conn.role !== 'observer';
  if (mode === 'edit') {
    return html`<li class="note"><form class="editor" onSubmit=${(e) => {
      e.preventDefault();
      if (text.trim()) conn.send({ type: 'note.edit', note: note.id, text });
      setMode('');
    }}>
      <${Field} label=${t('note_text')} value=${text} onInput=${setText} multiline required maxLength="2000" />
      <button type="submit" class="primary">${t('save')}</button>
      <button type="button" onClick=${() => setMode('')}>${t('cancel')}</button>
    </form></li>`;
  }
  return html`<li class=${`note ${pending ? 'pending' : ''}`}>
    <span class="note-text">${note.text}</span>
    <span class="meta">
      ${pending ? t('pending') : t('by', { name: shownName(state, note.author) })}
      ${note.edited_at ? ` · ${t('edited')}` : ''}
    </span>
    ${mode === 'move' && html`<${NoteMove} conn=${conn} note=${note} sections=${sections} onDone=${() => setMode('')} />`}
    ${mayChange && mode === '' && html`<span class="actions">
      <button type="button" onClick=${() => { setText(note.text); setMode('edit'); }}>${t('edit')}</button>
      ${sections.length > 0 && html`<button type="button" onClick=${() => setMode('move')}>${t('move')}</button>`}
      <button type="button" class="danger" onClick=${() => deleteNote(conn, state, note)}>${t('delete')}</button>
    </span>`}
  </li>`;
}

export function SectionHead({ conn, state, section, index, count, mayChange }) {
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(section.title);
  if (renaming) {
    return html`<form class="inline-form" onSubmit=${(e) => {
      e.preventDefault();
      if (title.trim()) conn.send({ type: 'section.rename', section: section.id, title: title.trim() });
      setRenaming(false);
    }}>
      <${Field} label=${t('section_title')} value=${title} onInput=${setTitle} required maxLength="200" />
      <button type="submit" class="primary">${t('save')}</button>
      <button type="button" onClick=${() => setRenaming(false)}>${t('cancel')}</button>
    </form>`;
  }
  const move = (position) => conn.send({ type: 'section.move', section: section.id, position });
  return html`<div class="section-head">
    <h3>${section.title}</h3>
    ${mayChange && html`<span class="actions">
      <button type="button" onClick=${() => { setTitle(section.title); setRenaming(true); }}>${t('rename')}</button>
      <button type="button" disabled=${index === 0} onClick=${() => move(index - 1)} aria-label=${t('move_up', { title: section.title })}>↑</button>
      <button type="button" disabled=${index === count - 1} onClick=${() => move(index + 1)} aria-label=${t('move_down', { title: section.title })}>↓</button>
      <button type="button" class="danger" onClick=${() => deleteSection(conn, state, section)}>${t('delete')}</button>
    </span>`}
  </div>`;
}
