// Undo for slips: after a delete, a withdrawal, a merge, a removal or a phase stepped back, an
// "Undo" offer stays for UNDO_MS. Undoing sends real commands (the inverse), so everyone sees it.
// A removal is the one thing held back instead: it is sent when the offer ends, because a
// removed person's device forgets its way back in at once.

export const UNDO_MS = 8000;

let offer = null;
let counter = 0;
const listeners = new Set();

function notify() { for (const listener of listeners) listener(offer); }

/** Calls `listener(offer)` on every change; returns the function that stops it. */
export function watchUndo(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function currentUndo() { return offer; }

function finish(id, how) {
  if (!offer || offer.id !== id) return;
  const ended = offer;
  offer = null;
  clearTimeout(ended.timer);
  notify();
  if (how === 'undo' && ended.undo) ended.undo();
  if (how === 'expire' && ended.commit) ended.commit();
}

/**
 * Offers to undo what `label` says for UNDO_MS. `undo` sends the inverse; `commit`, for actions
 * held back, sends the action itself when the offer ends without an undo (or gives way to another).
 */
export function offerUndo(label, { undo, commit } = {}) {
  if (offer) finish(offer.id, 'expire');
  counter += 1;
  const id = counter;
  offer = { id, label, undo, commit, until: Date.now() + UNDO_MS, timer: setTimeout(() => finish(id, 'expire'), UNDO_MS) };
  notify();
  return id;
}

export function undoNow() { if (offer) finish(offer.id, 'undo'); }
export function dismissUndo() { if (offer) finish(offer.id, 'expire'); }
