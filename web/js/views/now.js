// What the day is for and what to do now, on every participant screen and in every phase.
import { html } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { person } from '../state.js';

export function NowCard({ conn, state, go }) {
  const me = person(state, conn.me);
  const observer = conn.role === 'observer';
  const key = observer ? `now_observer_${state.phase}` : `now_${state.phase}`;
  return html`<section class="now-card" aria-label=${t('now_label')}>
    <p class="now-line">${t(key, { name: me ? me.name : '' })}</p>
    ${go && go.label && html`<button type="button" class="primary" onClick=${go.open}>${t('go_to_tab')}</button>`}
    ${state.purpose && html`<details class="purpose" open=${state.phase === 'welcome'}>
      <summary>${t('purpose')}</summary>
      <p class="purpose-text">${state.purpose}</p>
    </details>`}
  </section>`;
}
