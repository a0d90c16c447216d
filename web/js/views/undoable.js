// Actions anyone writing may take that can be undone for a few seconds: each sends its command
// and offers the inverse, real commands that everyone sees.
import { t } from '../i18n.js';
import { offerUndo } from '../undo.js';

/** A note's place among the notes of its section, for putting it back where it was. */
function positionOf(state, note) {
  const group = state.groups.find((g) => g.id === note.group);
  if (!group) return 0;
  const peers = group.notes.map((id) => state.notes.find((n) => n.id === id)).filter((n) => n && n.section === note.section);
  return Math.max(0, peers.findIndex((n) => n.id === note.id));
}

export function withdrawTheme(conn, theme) {
  conn.send({ type: 'theme.withdraw', theme: theme.id });
  offerUndo(t('undo_withdrawn', { title: theme.title }), {
    undo: () => conn.send({ type: 'theme.restore', theme: theme.id }),
  });
}

export function deleteNote(conn, state, note) {
  const position = positionOf(state, note);
  conn.send({ type: 'note.delete', note: note.id });
  offerUndo(t('undo_note_deleted'), {
    undo: async () => {
      const body = { type: 'note.add', group: note.group, text: note.text };
      if (note.section) body.section = note.section;
      const ack = await conn.request(body);
      conn.send({ type: 'note.move', note: ack.id, section: note.section, position });
    },
  });
}

export function deleteSection(conn, state, section) {
  const group = state.groups.find((g) => g.id === section.group);
  const position = group ? Math.max(0, group.sections.indexOf(section.id)) : 0;
  const notes = state.notes.filter((n) => n.section === section.id).map((n) => n.id);
  conn.send({ type: 'section.delete', section: section.id });
  offerUndo(t('undo_section_deleted', { title: section.title }), {
    undo: async () => {
      const ack = await conn.request({ type: 'section.add', group: section.group, title: section.title });
      conn.send({ type: 'section.move', section: ack.id, position });
      notes.forEach((note, i) => conn.send({ type: 'note.move', note, section: ack.id, position: i }));
    },
  });
}

export function deleteStep(conn, step) {
  conn.send({ type: 'next_step.delete', step: step.id });
  offerUndo(t('undo_step_deleted'), {
    undo: () => conn.send({
      type: 'next_step.add', group: step.group, text: step.text, owner: step.owner, due: step.due, status: step.status,
    }),
  });
}
