// A group's board: the note form first, then the notes under their sub-headings, next steps,
// and the members folded away, so a big group still reaches what it writes at once.
import { html, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { board, find, members } from '../state.js';
import { Field, shownName } from './common.js';
import { NoteItem, SectionHead } from './board_parts.js';
import { GroupHeading } from './group_heading.js';
import { NextSteps } from './steps.js';
import { where } from './groups.js';

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

function Convener({ conn, state, group }) {
  const people = members(state, group.id);
  return html`<${Field} label=${t('convener')} value=${String(group.convener)}
    onInput=${(v) => conn.send({ type: 'group.set_convener', group: group.id, convener: Number(v) })}>
    <option value="0">${t('nobody')}</option>
    ${people.map((p) => html`<option value=${String(p.id)}>${p.name}</option>`)}
    ${group.convener && !people.some((p) => p.id === group.convener)
      && html`<option value=${String(group.convener)}>${shownName(state, group.convener)}</option>`}
  <//>`;
}

export function Board({ conn, state, groupId, onBack }) {
  const group = find(state.groups, groupId);
  if (!group) return html`<p class="empty">${t('no_group_yet')}</p>`;
  const { loose, sections } = board(state, group);
  const pending = pendingNotes(conn, group);
  const facilitator = conn.role === 'facilitator';
  const mayWrite = conn.role !== 'observer' && (['breakouts', 'convergence'].includes(state.phase) || facilitator);
  const people = members(state, group.id);
  const mine = people.some((p) => p.id === conn.me) && (['breakouts', 'convergence'].includes(state.phase) || facilitator);
  const list = (notes, sectionId) => [
    ...notes.map((n) => html`<${NoteItem} key=${n.id} conn=${conn} state=${state} note=${n} sections=${sections} mayModerate=${facilitator} />`),
    ...pending.filter((p) => p.section === sectionId)
      .map((n) => html`<${NoteItem} key=${n.id} conn=${conn} state=${state} note=${n} pending=${true} />`),
  ];
  const empty = loose.length === 0 && sections.every((s) => s.notes.length === 0) && pending.length === 0;
  return html`<section class="board" aria-labelledby="board-heading">
    ${onBack && html`<button type="button" class="link back" onClick=${onBack}>← ${t('back_to_groups')}</button>`}
    <${GroupHeading} conn=${conn} state=${state} group=${group}
      mayRename=${conn.role !== 'observer' && ['breakouts', 'convergence'].includes(state.phase) && (group.convener === conn.me || facilitator)} />
    <p class="meta where">${where(state, group)}${group.convener ? ` · ${t('convener')}: ${shownName(state, group.convener)}` : ''}</p>
    ${mine && html`<button type="button" onClick=${() => conn.send({ type: 'group.leave' })}>${t('leave_group')}</button>`}
    ${mayWrite && html`<${AddNote} conn=${conn} group=${group} sections=${sections} />`}
    ${empty && html`<p class="empty">${t('empty_board')}</p>`}
    <ul class="notes">${list(loose, 0)}</ul>
    ${sections.map(({ section, notes }, index) => html`<div class="section" key=${section.id}>
      <${SectionHead} conn=${conn} section=${section} index=${index} count=${sections.length}
        mayChange=${mayWrite && (section.created_by === conn.me || group.convener === conn.me || facilitator)} state=${state} />
      <ul class="notes">${list(notes, section.id)}</ul>
    </div>`)}
    ${mayWrite && html`<${AddSection} conn=${conn} group=${group} />`}
    <${NextSteps} conn=${conn} state=${state} group=${group} mayWrite=${mayWrite} />
    ${facilitator && html`<${Convener} conn=${conn} state=${state} group=${group} />`}
    <details class="members">
      <summary>${t('members_count', { n: people.length })}</summary>
      <p>${people.map((p) => p.name).join(', ') || '—'}</p>
    </details>
  </section>`;
}
