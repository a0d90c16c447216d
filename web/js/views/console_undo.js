// A facilitator's actions that can be undone for a few seconds: each sends its command and
// offers the inverse as real commands. Removing a person is held back until the offer ends.
import { t } from '../i18n.js';
import { groupTitle } from '../state.js';
import { offerUndo } from '../undo.js';
import { PHASES } from './common.js';

export function deleteTheme(conn, theme) {
  conn.send({ type: 'theme.delete', theme: theme.id });
  offerUndo(t('undo_theme_deleted', { title: theme.title }), {
    undo: () => conn.send({ type: 'theme.propose', title: theme.title, ...(theme.details ? { details: theme.details } : {}) }),
  });
}

export function mergeTheme(conn, theme, into) {
  conn.send({ type: 'theme.merge', theme: theme.id, into: into.id });
  offerUndo(t('undo_merged', { title: theme.title, into: into.title }), {
    undo: () => conn.send({ type: 'theme.restore', theme: theme.id }),
  });
}

export function deleteGroup(conn, state, group) {
  const { theme, convener, room, slot } = group;
  conn.send({ type: 'group.delete', group: group.id });
  offerUndo(t('undo_group_deleted', { title: groupTitle(state, group) }), {
    undo: async () => {
      const ack = await conn.request({ type: 'group.open', theme, ...(convener ? { convener } : {}) });
      if (room || slot) conn.send({ type: 'group.place', group: ack.id, room, slot });
    },
  });
}

export function removePerson(conn, person) {
  offerUndo(t('undo_removed', { name: person.name }), {
    commit: () => conn.send({ type: 'participant.remove', participant: person.id }),
  });
}

/** Goes to `phase`; a step back (a slip of the finger) can be undone. */
export function setPhase(conn, state, phase) {
  const before = state.phase;
  conn.send({ type: 'workshop.set_phase', phase });
  if (PHASES.indexOf(phase) < PHASES.indexOf(before)) {
    offerUndo(t('undo_phase', { phase: t(`phase_${phase}`) }), {
      undo: () => conn.send({ type: 'workshop.set_phase', phase: before }),
    });
  }
}

function replace(conn, groups, field, id) {
  for (const g of groups) {
    conn.send({ type: 'group.place', group: g.id, room: field === 'room' ? id : g.room, slot: field === 'slot' ? id : g.slot });
  }
}

export function deleteRoom(conn, state, room) {
  const placed = state.groups.filter((g) => g.room === room.id).map((g) => ({ ...g }));
  conn.send({ type: 'room.delete', room: room.id });
  offerUndo(t('undo_room_deleted', { name: room.name }), {
    undo: async () => {
      const ack = await conn.request({ type: 'room.add', name: room.name, ...(room.capacity ? { capacity: room.capacity } : {}) });
      replace(conn, placed, 'room', ack.id);
    },
  });
}

export function deleteSlot(conn, state, slot) {
  const placed = state.groups.filter((g) => g.slot === slot.id).map((g) => ({ ...g }));
  conn.send({ type: 'slot.delete', slot: slot.id });
  offerUndo(t('undo_slot_deleted', { label: slot.label }), {
    undo: async () => {
      const ack = await conn.request({ type: 'slot.add', label: slot.label, start: slot.start, end: slot.end });
      replace(conn, placed, 'slot', ack.id);
    },
  });
}
