// Pieces every view shares: the header with phase, timer and connection state, labelled
// fields, the QR code and the list of messages for refused actions.
import { html, useEffect, useRef, useState } from '/vendor/preact-htm.js';
import qrcode from '/vendor/qrcode.js';
import { LANGUAGES, chooseLanguage, chosenLanguage, language, t } from '../i18n.js';
import { person } from '../state.js';

export const PHASES = ['welcome', 'marketplace', 'voting', 'breakouts', 'convergence', 'closed'];

/**
 * Focus for a question that takes its button's place: once it opens, its safe answer (`safe`);
 * once cancelled, the button that asked (`trigger`) again, never the page. `cancel` closes it.
 */
export function useQuestionFocus(open, setOpen) {
  const trigger = useRef(null);
  const safe = useRef(null);
  const cancelled = useRef(false);
  useEffect(() => {
    if (open && safe.current) safe.current.focus();
    else if (cancelled.current && trigger.current) trigger.current.focus();
    cancelled.current = false;
  }, [open]);
  const cancel = () => { cancelled.current = true; setOpen(false); };
  return { trigger, safe, cancel };
}

/** The name to show for a participant id: "Deleted participant" once they are forgotten. */
export function shownName(state, id) {
  const p = person(state, id);
  if (!p) return '';
  return p.forgotten ? t('deleted_participant') : p.name;
}

/** A counter that changes every second while mounted, for clocks. */
export function useTick(ms = 1000) {
  const [, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(id);
  }, [ms]);
}

export function formatRemaining(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

export function Timer({ conn, state, large }) {
  useTick();
  const timer = state.timer;
  if (!timer.running) return null;
  const left = timer.paused ? timer.remaining_ms : timer.ends_at - conn.now();
  let text = left > 0 ? formatRemaining(left) : t('time_up');
  if (timer.paused) text = t('timer_paused', { time: text });
  // The label folds away on a narrow header; the time always shows.
  return html`<div class=${`timer ${large ? 'timer-large' : ''} ${left <= 0 ? 'timer-up' : ''}`} role="timer" aria-live="off">
    ${left > 0 && timer.label && html`<span class="timer-label">${timer.label} </span>`}${text}</div>`;
}

export function PhaseBadge({ phase }) {
  return html`<span class=${`phase phase-${phase}`}>${t(`phase_${phase}`)}</span>`;
}

export function LanguagePicker({ onChange }) {
  const id = 'language-picker';
  return html`<span class="language-picker">
    <label for=${id}>${t('your_language')}</label>
    <select id=${id} value=${chosenLanguage() || ''} onChange=${(e) => { chooseLanguage(e.target.value); onChange(); }}>
      <option value="">${LANGUAGES[language()]} ✓</option>
      ${Object.entries(LANGUAGES).map(([code, name]) => html`<option value=${code}>${name}</option>`)}
    </select>
  </span>`;
}

/** The bar on top of every session view: kept to one or two short rows, even on a phone. */
export function Header({ conn, state, children }) {
  const unsaved = conn.queue.length;
  return html`<header class="bar">
    <div class="bar-title">
      <h1 lang=${state.language}>${state.title}</h1>
      <${PhaseBadge} phase=${state.phase} />
    </div>
    <div class="bar-status">
      <${Timer} conn=${conn} state=${state} />
      ${unsaved > 0 && html`<span class="badge badge-unsaved" role="status">${t('not_saved', { n: unsaved })}</span>`}
      <span class=${`status status-${conn.status}`} role="status">${t(`status_${conn.status}`)}</span>
      ${children}
    </div>
  </header>`;
}

let fieldCounter = 0;

/** A labelled input, textarea or select; the label is always tied to its control. */
export function Field({ label, value, onInput, multiline, type = 'text', required, maxLength, hint, children, ...rest }) {
  const [id] = useState(() => `f${++fieldCounter}`);
  const common = { id, value, onInput: (e) => onInput(e.target.value), required, maxLength, ...rest };
  let control;
  if (children) control = html`<select ...${common} onChange=${(e) => onInput(e.target.value)}>${children}</select>`;
  else if (multiline) control = html`<textarea rows="3" ...${common} />`;
  else control = html`<input type=${type} ...${common} />`;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${control}
    ${hint && html`<small class="hint">${hint}</small>`}
  </div>`;
}

export function QrCode({ text, size = 240 }) {
  const canvas = useRef(null);
  useEffect(() => {
    const qr = qrcode(0, 'M');
    qr.addData(text);
    qr.make();
    const count = qr.getModuleCount();
    const quiet = 4;
    const cell = Math.max(1, Math.floor(size / (count + quiet * 2)));
    const side = cell * (count + quiet * 2);
    const c = canvas.current;
    c.width = side;
    c.height = side;
    const g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, side, side);
    g.fillStyle = '#000';
    for (let r = 0; r < count; r += 1) {
      for (let col = 0; col < count; col += 1) {
        if (qr.isDark(r, col)) g.fillRect((col + quiet) * cell, (r + quiet) * cell, cell, cell);
      }
    }
  }, [text, size]);
  return html`<canvas ref=${canvas} class="qr" role="img" aria-label=${t('qr_label')}></canvas>`;
}

export function Messages({ messages, onDismiss }) {
  if (!messages.length) return null;
  return html`<div class="messages" role="alert">
    ${messages.map((m) => html`<p class="message" key=${m.key}>
      <span>${t('error', { message: m.text })}</span>
      <button type="button" class="link" onClick=${() => onDismiss(m.key)} aria-label="✕">✕</button>
    </p>`)}
  </div>`;
}

export function CopyLink({ label, url }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try { await navigator.clipboard.writeText(url); setCopied(true); } catch { setCopied(false); }
  };
  return html`<div class="copy-link">
    <span class="copy-label">${label}</span>
    <a href=${url} target="_blank" rel="noopener">${url}</a>
    <button type="button" onClick=${copy}>${copied ? t('copied') : t('copy')}</button>
  </div>`;
}

/** Parses the fragment (#key=…&view=wall) into an object. */
export function hashParams() {
  const out = {};
  for (const part of location.hash.replace(/^#/, '').split('&')) {
    if (!part) continue;
    const [k, v = ''] = part.split('=');
    out[decodeURIComponent(k)] = decodeURIComponent(v);
  }
  return out;
}
