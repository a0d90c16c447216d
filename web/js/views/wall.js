// The projector wall: one screen per phase, large type, nothing to click. It holds only the wall
// key (view-only), so its join code is the short one from the public state, in a QR code too.
import { html, useEffect, useRef } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { isActive } from '../state.js';
import { PhaseBadge, QrCode, Timer } from './common.js';
import { groupedCode } from './wall_fit.js';
import { WallClosed, WallPresented, WallSchedule } from './wall_groups.js';
import { WallMarketplace, WallVoting } from './wall_themes.js';

/** The /j/<code> link the wall's QR code encodes. */
export function shortJoinUrl(state) {
  return state.short_code ? `${location.origin}/j/${state.short_code}` : '';
}

function JoinPanel({ state, size, corner }) {
  const url = shortJoinUrl(state);
  if (!url) return null;
  return html`<aside class=${corner ? 'wall-corner' : 'wall-join'} aria-label=${t('wall_join_heading')}>
    <${QrCode} text=${url} size=${size} />
    <div>
      ${!corner && html`<p class="wall-join-how">${t('wall_join_how', { host: location.host })}</p>`}
      <p class="wall-code" data-code=${state.short_code}>${groupedCode(state.short_code)}</p>
    </div>
  </aside>`;
}

function WallWelcome({ state }) {
  const joined = state.participants.filter((p) => isActive(p) && p.role !== 'facilitator').length;
  return html`<section class="wall-screen wall-welcome-screen" aria-label=${t('phase_welcome')}>
    <div>
      ${state.purpose && html`<p class="wall-purpose">${state.purpose}</p>`}
      <p class="wall-lead wall-joined">${t('wall_joined', { n: joined })}</p>
    </div>
    <${JoinPanel} state=${state} size=${460} />
  </section>`;
}

/** Plays a short tone when the timer reaches its end, if the facilitator turned the sound on. */
function useEndSound(conn, state) {
  const played = useRef(0);
  const { timer } = state;
  useEffect(() => {
    if (!state.options.timer_sound || !timer.running || timer.paused || played.current === timer.ends_at) return undefined;
    const wait = timer.ends_at - conn.now();
    if (wait < -2000) return undefined;
    const id = setTimeout(() => {
      played.current = timer.ends_at;
      try {
        const audio = new AudioContext();
        const tone = audio.createOscillator();
        tone.frequency.value = 660;
        tone.connect(audio.destination);
        tone.start();
        tone.stop(audio.currentTime + 0.8);
      } catch { /* no audio device: the red "time is up" is still shown */ }
    }, Math.max(0, wait));
    return () => clearTimeout(id);
  }, [state.options.timer_sound, timer.running, timer.paused, timer.ends_at]);
}

function screen(conn, state) {
  switch (state.phase) {
    case 'welcome': return html`<${WallWelcome} state=${state} />`;
    case 'marketplace': return html`<${WallMarketplace} conn=${conn} state=${state} />`;
    case 'voting': return html`<${WallVoting} conn=${conn} state=${state} />`;
    case 'breakouts': return html`<${WallSchedule} conn=${conn} state=${state} />`;
    case 'convergence': return html`<${WallPresented} conn=${conn} state=${state} />`;
    default: return html`<${WallClosed} state=${state} />`;
  }
}

export function Wall({ conn, state }) {
  useEndSound(conn, state);
  // The welcome shows the way in large; the later screens keep it in a corner for latecomers,
  // until the day is closed.
  const corner = state.phase !== 'welcome' && state.phase !== 'closed';
  return html`<div class=${`wall wall-${state.phase}`} data-phase=${state.phase}>
    <header class="wall-head">
      <h1>${state.title}</h1>
      <${PhaseBadge} phase=${state.phase} />
      <${Timer} conn=${conn} state=${state} large=${true} />
    </header>
    ${state.message && state.message.text && html`<p class="wall-message" role="status">${state.message.text}</p>`}
    <main class="wall-main">${screen(conn, state)}</main>
    ${corner && html`<${JoinPanel} state=${state} size=${state.phase === 'marketplace' ? 220 : 160} corner=${true} />`}
  </div>`;
}
