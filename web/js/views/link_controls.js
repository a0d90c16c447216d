// The facilitator's control over the participant link: a new join code, after which links and
// QR codes with the old one stop working (a flood of joins, a link shared too widely).
import { html, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';

/** Puts the new join code where the console reads it: this device's memory and the fragment. */
function remember(workshop, code) {
  try { localStorage.setItem(`samling:${workshop}:join_code`, JSON.stringify(code)); } catch { /* private mode */ }
  const params = new URLSearchParams(location.hash.slice(1));
  params.set('join', code);
  location.hash = params.toString();
}

/** A "new participant link" button, for the facilitator key or a co-facilitator's resume token. */
export function NewParticipantLink({ workshop, authKey }) {
  const [asking, setAsking] = useState(false);
  const [status, setStatus] = useState(null);
  const rotate = async () => {
    setAsking(false);
    try {
      const r = await fetch(`/api/workshops/${workshop}/join-code`, { method: 'POST', headers: { Authorization: `Bearer ${authKey}` } });
      const answer = await r.json();
      if (!r.ok) throw new Error(answer.error.message);
      remember(workshop, answer.join_code);
      setStatus(t('new_participant_link_done'));
    } catch (e) {
      setStatus(t('error', { message: e.message }));
    }
  };
  return html`<div class="link-controls">
    ${asking
      ? html`<p>${t('new_participant_link_confirm')}</p>
        <button type="button" class="new-participant-link-confirm" onClick=${rotate}>${t('new_participant_link')}</button>
        <button type="button" onClick=${() => setAsking(false)}>${t('cancel')}</button>`
      : html`<button type="button" class="new-participant-link" onClick=${() => { setStatus(null); setAsking(true); }}>${t('new_participant_link')}</button>`}
    ${status && html`<p role="status">${status}</p>`}
  </div>`;
}
