// What only facilitators see: the day's flow (this phase's tasks first, then the next step),
// phases with confirmation and undo, timer, options, groups from the top-voted themes, the
// links and the exports. The schedule and the people have their own modules.
import { html, useState } from '/vendor/preact-htm.js';
import { exportUrl } from '../download.js';
import { NewParticipantLink } from './link_controls.js';
import { RecapControls } from './recap_controls.js';
import { t } from '../i18n.js';
import { groupOfTheme, groupTitle, groupsWithoutNotes, themesByVotes } from '../state.js';
import { offerUndo } from '../undo.js';
import { CopyLink, Field, PHASES, QrCode } from './common.js';
import { setPhase } from './console_undo.js';
import { EditWorkshop } from './console_workshop.js';
import { WallControls } from './wall_controls.js';
import { groupedCode } from './wall_fit.js';

function PhaseControl({ conn, state }) {
  const [closing, setClosing] = useState(false);
  const index = PHASES.indexOf(state.phase);
  const next = PHASES[index + 1];
  const go = (p) => {
    if (p === 'closed') { setClosing(true); return; }
    setPhase(conn, state, p);
  };
  return html`<section class="card phase-card" aria-labelledby="phases-heading">
    <h2 id="phases-heading">${t('phases_heading')}</h2>
    <p class="now-task">${t(`task_${state.phase}`)}</p>
    ${closing ? html`<div class="confirm" role="group" aria-labelledby="close-question">
        <p id="close-question"><strong>${t('confirm_close')}</strong></p>
        <button type="button" class="danger" onClick=${() => { setClosing(false); setPhase(conn, state, 'closed'); }}>${t('close_day')}</button>
        <button type="button" onClick=${() => setClosing(false)}>${t('cancel')}</button>
      </div>`
      : next && html`<button type="button" class="primary next-phase" onClick=${() => go(next)}>${t('next_phase', { phase: t(`phase_${next}`) })}</button>`}
    <div class="phase-buttons" role="group" aria-label=${t('all_phases')}>
      ${PHASES.map((p) => html`<button type="button" class=${p === state.phase ? 'current' : ''} aria-pressed=${p === state.phase}
        aria-label=${t('set_phase', { phase: t(`phase_${p}`) })}
        disabled=${p === state.phase} onClick=${() => go(p)}>${t(`phase_${p}`)}</button>`)}
    </div>
  </section>`;
}

function TimerControl({ conn, state }) {
  const [minutes, setMinutes] = useState('10');
  const [label, setLabel] = useState('');
  const start = (e) => {
    e.preventDefault();
    const seconds = Math.round(Number(minutes) * 60);
    if (!(seconds > 0)) return;
    conn.send({ type: 'timer.start', duration_seconds: seconds, ...(label ? { label } : {}) });
  };
  return html`<form class="card" onSubmit=${start} aria-labelledby="timer-heading">
    <h2 id="timer-heading">${t('timer')}</h2>
    <div class="row">
      <${Field} label=${t('minutes')} type="number" min="1" max="1440" step="1" value=${minutes} onInput=${setMinutes} />
      <${Field} label=${t('timer_label')} value=${label} onInput=${setLabel} maxLength="100" />
    </div>
    <div class="row">
      <button type="submit" class="primary">${t('start_timer')}</button>
      ${state.timer.running && html`<button type="button" onClick=${() => conn.send({ type: 'timer.stop' })}>${t('stop_timer')}</button>`}
    </div>
  </form>`;
}

function OptionsControl({ conn, state }) {
  const [dots, setDots] = useState(String(state.options.dots_per_participant));
  const [mayOpen, setMayOpen] = useState(state.options.participants_may_open_groups);
  const [anonymous, setAnonymous] = useState(state.options.anonymous_proposals);
  const save = (e) => {
    e.preventDefault();
    conn.send({ type: 'workshop.set_options', dots_per_participant: Number(dots), participants_may_open_groups: mayOpen, anonymous_proposals: anonymous });
  };
  return html`<form class="card" onSubmit=${save} aria-labelledby="options-heading">
    <h2 id="options-heading">${t('options_heading')}</h2>
    <${Field} label=${t('dots_per_participant')} type="number" min="0" max="20" value=${dots} onInput=${setDots} />
    <label class="check"><input type="checkbox" checked=${mayOpen} onChange=${(e) => setMayOpen(e.target.checked)} /> ${t('participants_may_open_groups')}</label>
    <label class="check"><input type="checkbox" checked=${anonymous} onChange=${(e) => setAnonymous(e.target.checked)} /> ${t('anonymous_proposals')}</label>
    <button type="submit">${t('save_options')}</button>
    <button type="button" onClick=${() => conn.send({ type: state.locked ? 'workshop.unlock' : 'workshop.lock' })}>${state.locked ? t('unlock') : t('lock')}</button>
  </form>`;
}

function OpenTopGroups({ conn, state }) {
  const [count, setCount] = useState('4');
  const [busy, setBusy] = useState(false);
  const candidates = themesByVotes(state).filter((th) => !groupOfTheme(state, th.id));
  // One press opens one batch: a second press waits until the first has its answers.
  const open = async (e) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const chosen = candidates.slice(0, Number(count));
    const answers = await Promise.allSettled(chosen.map((th) => conn.request({ type: 'group.open', theme: th.id })));
    setBusy(false);
    const ids = answers.filter((a) => a.status === 'fulfilled').map((a) => a.value.id);
    if (ids.length) {
      offerUndo(t('undo_groups_opened', { n: ids.length }), {
        undo: () => ids.forEach((id) => conn.send({ type: 'group.delete', group: id })),
      });
    }
  };
  return html`<form class="card" onSubmit=${open} aria-labelledby="top-heading">
    <h2 id="top-heading">${t('open_top_heading')}</h2>
    <ol class="top-themes">${candidates.slice(0, Number(count) || 0).map((th) => html`<li key=${th.id}>${th.title} (${th.votes})</li>`)}</ol>
    <${Field} label=${t('how_many')} type="number" min="1" max="200" value=${count} onInput=${setCount} />
    <button type="submit" class="primary" disabled=${candidates.length === 0 || busy}>${t('open_top')}</button>
  </form>`;
}

function SilentGroups({ state }) {
  const silent = groupsWithoutNotes(state);
  if (!state.groups.length) return null;
  return html`<section class="card" aria-labelledby="silent-heading">
    <h2 id="silent-heading">${t('silent_groups')}</h2>
    ${silent.length === 0 ? html`<p>${t('all_groups_writing')}</p>`
      : html`<ul class="silent">${silent.map((g) => html`<li key=${g.id}>${groupTitle(state, g)}</li>`)}</ul>`}
  </section>`;
}

/**
 * The panels of the day, this phase's first. Other console panels (the wall's, the links',
 * the recap's) join this table: [component, the phases where it leads].
 */
const PANELS = [
  [EditWorkshop, ['welcome']],
  [OptionsControl, ['welcome', 'voting']],
  [TimerControl, ['marketplace', 'voting', 'breakouts', 'convergence']],
  [OpenTopGroups, ['voting']],
  [SilentGroups, ['breakouts', 'convergence']],
  [WallControls, ['welcome', 'convergence']],
  [RecapControls, ['convergence', 'closed']],
];

export function RunDay({ conn, state, workshop, joinCode, facilitatorKey, authKey = facilitatorKey }) {
  const leads = PANELS.filter(([, phases]) => phases.includes(state.phase));
  const rest = PANELS.filter(([, phases]) => !phases.includes(state.phase));
  const panel = ([Panel]) => html`<${Panel} key=${Panel.name} conn=${conn} state=${state} workshop=${workshop}
    joinCode=${joinCode} facilitatorKey=${facilitatorKey} authKey=${authKey} />`;
  return html`<div class="run-day">
    <div class="console-grid now">
      <${PhaseControl} conn=${conn} state=${state} />
      ${state.phase === 'welcome' && html`<${Links} workshop=${workshop} joinCode=${joinCode} shortCode=${state.short_code} facilitatorKey=${facilitatorKey} authKey=${authKey} />`}
      ${leads.map(panel)}
    </div>
    <h2 class="more-heading">${t('more_heading')}</h2>
    <div class="console-grid">${rest.map(panel)}</div>
  </div>`;
}

/** Every export: a key, its label, its URL (which carries no key, see download.js) and the file
 * name it is saved under; `names` false asks for each without any participant's name. */
export function exportLinks(workshop, names = true) {
  const suffix = names ? '' : '-without-names';
  return [
    ['html', 'html', t('export_html')], ['docx', 'docx', t('export_docx')], ['md', 'md', t('export_md')],
    ['csv', 'csv', t('export_csv')], ['steps', 'csv?table=next_steps', t('export_steps')],
    ['xlsx', 'xlsx', t('export_xlsx')], ['json', 'json', t('export_json')],
  ].map(([key, ext, label]) => ({
    key, label,
    url: exportUrl(workshop, names ? ext : `${ext}${ext.includes('?') ? '&' : '?'}names=0`),
    file: key === 'steps' ? `samling-${workshop}${suffix}-next-steps.csv`
      : `samling-${workshop}${suffix}.${ext.split('?')[0]}`,
  }));
}

export function Links({ workshop, joinCode, shortCode, facilitatorKey, authKey = facilitatorKey }) {
  const origin = location.origin;
  const participantUrl = `${origin}/w/${workshop}#join=${joinCode}`;
  // The summary link carries the facilitator key; a co-facilitator has none to put in it.
  const summaryUrl = facilitatorKey && `${origin}/w/${workshop}#view=summary&key=${facilitatorKey}`;
  return html`<section class="card links" aria-labelledby="links-heading">
    <h2 id="links-heading">${t('links_heading')}</h2>
    ${joinCode ? html`<${CopyLink} label=${t('participant_link')} url=${participantUrl} />
      <${QrCode} text=${participantUrl} />`
      : html`<p class="hint">${t('participant_link_unknown')}</p>`}
    ${shortCode && html`<p class="short-code-line"><span class="copy-label">${t('short_code')}</span>
      <strong class="short-code">${groupedCode(shortCode)}</strong> <span class="hint">${origin}/j/${shortCode}</span></p>`}
    ${authKey && html`<${NewParticipantLink} workshop=${workshop} authKey=${authKey} />`}
    ${summaryUrl && html`<${CopyLink} label=${t('summary_link')} url=${summaryUrl} />`}
  </section>`;
}
