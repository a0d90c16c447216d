// Screens for the states where there is nothing to do: a refused link (locked workshop, wrong
// link), a person removed or gone, and the day closed. Each says what happened and what now.
import { html, useState } from '/vendor/preact-htm.js';
import { refusalText, t } from '../i18n.js';

export function StopScreen({ kind, refusal }) {
  const heading = t(`screen_${kind}`);
  return html`<main class="page stop-screen" id="main">
    <div class="card">
      <h1>${heading}</h1>
      <p>${kind === 'refused' && refusal ? refusalText(refusal) : t(`screen_${kind}_text`)}</p>
    </div>
  </main>`;
}

export function ClosedBanner() {
  return html`<section class="card closed-banner" aria-labelledby="closed-heading">
    <h2 id="closed-heading">${t('screen_closed')}</h2>
    <p>${t('screen_closed_text')}</p>
  </section>`;
}

/** Shown once, right after creating a workshop: the facilitator link is its only key. */
export function KeepLink({ url, onDone }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try { await navigator.clipboard.writeText(url); setCopied(true); } catch { setCopied(false); }
  };
  return html`<section class="card keep-link" role="alertdialog" aria-labelledby="keep-heading" aria-describedby="keep-text">
    <h2 id="keep-heading">${t('keep_heading')}</h2>
    <p id="keep-text">${t('keep_text')}</p>
    <p class="keep-url"><code>${url}</code></p>
    <button type="button" class="primary" onClick=${copy}>${copied ? t('copied') : t('copy')}</button>
    <button type="button" onClick=${onDone}>${t('keep_done')}</button>
  </section>`;
}
