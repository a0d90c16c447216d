// The breakout groups: where and when each meets and how many are there; join or move in one
// tap; and a group's board of sub-headings and bullet notes, written together and live.
import { html, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { board, find, groupTitle, members, person, personName } from '../state.js';
import { Field } from './common.js';

function where(state, group) {
  const room = find(state.rooms, group.room);
  const slot = find(state.slots, group.slot);
  if (!room && !slot) return t('not_placed');
  const parts = [];
  if (room) parts.push(room.name);
  if (slot) parts.push(`${slot.label} ${slot.start}–${slot.end}`);
  return parts.join(' · ');
}

export function Groups({ conn, state, onOpen }) {
  const me = person(state, conn.me);
  const mayMove = ['breakouts', 'convergence'].includes(state.phase) || conn.role === 'facilitator';
  return html`<section aria-labelledby="groups-heading">
    <h2 id="groups-heading">${t('groups_heading', { n: state.groups.length })}</h2>
    ${state.groups.length === 0 && html`<p class="empty">${t('no_groups')}</p>`}
    <ul class="groups">
      ${state.groups.map((g) => {
        const here = me && me.group === g.id;
        const count = members(state, g.id).length;
        return html`<li class=${`group card ${here ? 'here' : ''}`} key=${g.id}>
          <div class="theme-head">
            <h3>${groupTitle(state, g)}</h3>
            <span class="headcount" aria-label=${t('people_here', { n: count })}>${t('people_here', { n: count })}</span>
          </div>
          <p class="meta">${where(state, g)}${g.convener ? html` · ${t('convener')}: ${personName(state, g.convener)}` : ''}</p>
          <div class="actions">
            ${here ? html`<span class="you-are-here">${t('you_are_here')}</span>`
              : mayMove && html`<button type="button" class="primary" onClick=${() => { conn.send({ type: 'group.join', group: g.id }); onOpen(g.id); }}>
                  ${me && me.group ? t('move_here') : t('join_group')}</button>`}
            <button type="button" onClick=${() => onOpen(g.id)}>${t('open_board')}</button>
          </div>
        </li>`;
      })}
    </ul>
  </section>`;
}

function NoteItem({ conn, state, note, mayModerate, pending }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(note.text);
  const own = note.author === conn.me;
  const mayChange = !pending && (own || mayModerate) && conn.role !== 'observer';
  if (editing) {
    return html`<li class="note"><form class="editor" onSubmit=${(e) => {
      e.preventDefault();
      if (text.trim()) conn.send({ type: 'note.edit', note: note.id, text });
      setEditing(false);
    }}>
      <${Field} label=${t('note_text')} value=${text} onInput=${setText} multiline required maxLength="2000" />
      <button type="submit" class="primary">${t('save')}</button>
      <button type="button" onClick=${() => setEditing(false)}>${t('cancel')}</button>
    </form></li>`;
  }
  return html`<li class=${`note ${pending ? 'pending' : ''}`}>
    <span class="note-text">${note.text}</span>
    <span class="meta">
      ${pending ? t('pending') : t('by', { name: personName(state, note.author) })}
      ${note.edited_at ? ` · ${t('edited')}` : ''}
    </span>
    ${mayChange && html`<span class="actions">
      <button type="button" class="small" onClick=${() => { setText(note.text); setEditing(true); }}>${t('edit')}</button>
      <button type="button" class="small" onClick=${() => conn.send({ type: 'note.delete', note: note.id })}>${t('delete')}</button>
    </span>`}
  </li>`;
}

function AddNote({ conn, group, sections }) {
  const [text, setText] = useState('');
  const [section, setSection] = useState('0');
  const submit = (e) => {
    e.preventDefault();
    if (!text.trim()) return;
    const body = { type: 'note.add', group: group.id, text };
    if (Number(section)) body.section = Number(section);
    conn.send(body);
    setText('');
  };
  return html`<form class="card add-note" onSubmit=${submit}>
    <${Field} label=${t('note_text')} value=${text} onInput=${setText} multiline required maxLength="2000" />
    ${sections.length > 0 && html`<${Field} label=${t('under_section')} value=${section} onInput=${setSection}>
      <option value="0">${t('no_section')}</option>
      ${sections.map(({ section: s }) => html`<option value=${s.id}>${s.title}</option>`)}
    <//>`}
    <button type="submit" class="primary">${t('add_note')}</button>
  </form>`;
}

function AddSection({ conn, group }) {
  const [title, setTitle] = useState('');
  return html`<form class="inline-form" onSubmit=${(e) => {
    e.preventDefault();
    if (!title.trim()) return;
    conn.send({ type: 'section.add', group: group.id, title: title.trim() });
    setTitle('');
  }}>
    <${Field} label=${t('section_title')} value=${title} onInput=${setTitle} required maxLength="200" />
    <button type="submit">${t('add_section')}</button>
  </form>`;
}

/** Notes this device has written and the server has not acknowledged yet, shown greyed. */
function pendingNotes(conn, group) {
  return conn.queue.filter((q) => q.body.type === 'note.add' && q.body.group === group.id)
    .map((q) => ({ id: q.op, group: group.id, section: q.body.section ?? 0, text: q.body.text, author: conn.me, edited_at: 0 }));
}

export function Board({ conn, state, groupId, onBack }) {
  const group = find(state.groups, groupId);
  if (!group) return html`<p class="empty">${t('no_group_yet')}</p>`;
  const { loose, sections } = board(state, group);
  const pending = pendingNotes(conn, group);
  const facilitator = conn.role === 'facilitator';
  const mayModerate = facilitator;
  const mayWrite = conn.role !== 'observer' && (['breakouts', 'convergence'].includes(state.phase) || facilitator);
  const list = (notes, sectionId) => [
    ...notes.map((n) => html`<${NoteItem} key=${n.id} conn=${conn} state=${state} note=${n} mayModerate=${mayModerate} />`),
    ...pending.filter((p) => p.section === sectionId)
      .map((n) => html`<${NoteItem} key=${n.id} conn=${conn} state=${state} note=${n} pending=${true} />`),
  ];
  const empty = loose.length === 0 && sections.every((s) => s.notes.length === 0) && pending.length === 0;
  return html`<section class="board" aria-labelledby="board-heading">
    ${onBack && html`<button type="button" class="link" onClick=${onBack}>← ${t('back_to_groups')}</button>`}
    <h2 id="board-heading">${groupTitle(state, group)}</h2>
    <p class="meta">${t('members')}: ${members(state, group.id).map((p) => p.name).join(', ') || '—'}</p>
    ${empty && html`<p class="empty">${t('empty_board')}</p>`}
    <ul class="notes">${list(loose, 0)}</ul>
    ${sections.map(({ section, notes }) => html`<div class="section" key=${section.id}>
      <h3>${section.title}
        ${(section.created_by === conn.me || group.convener === conn.me || facilitator) && mayWrite && html`
          <button type="button" class="small" onClick=${() => conn.send({ type: 'section.delete', section: section.id })}>${t('delete')}</button>`}
      </h3>
      <ul class="notes">${list(notes, section.id)}</ul>
    </div>`)}
    ${mayWrite && html`<${AddNote} conn=${conn} group=${group} sections=${sections} />`}
    ${mayWrite && html`<${AddSection} conn=${conn} group=${group} />`}
  </section>`;
}
