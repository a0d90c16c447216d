// The undo offer, at the bottom of the screen on every view, reachable by keyboard.
import { html, useEffect, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { currentUndo, dismissUndo, undoNow, watchUndo } from '../undo.js';

export function UndoBar() {
  const [offer, setOffer] = useState(currentUndo());
  useEffect(() => watchUndo(setOffer), []);
  return html`<div class="undo-region" role="status" aria-live="polite">
    ${offer && html`<div class="undo-bar" key=${offer.id}>
      <span class="undo-label">${offer.label}</span>
      <button type="button" class="primary undo-button" onClick=${undoNow}>${t('undo')}</button>
      <button type="button" class="link" onClick=${dismissUndo} aria-label=${t('dismiss')}>✕</button>
    </div>`}
  </div>`;
}
