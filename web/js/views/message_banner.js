// The facilitator's message on a phone: shown until the person dismisses it, and again when a
// new message comes (messages are told apart by when they were posted).
import { html, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';

const dismissedName = (workshop) => `samling:${workshop}:message_dismissed`;

function dismissedAt(workshop) {
  try { return Number(localStorage.getItem(dismissedName(workshop))) || 0; } catch { return 0; }
}

export function MessageBanner({ state, workshop }) {
  const [dismissed, setDismissed] = useState(() => dismissedAt(workshop));
  const message = state.message;
  if (!message || !message.text || message.posted_at === dismissed) return null;
  const dismiss = () => {
    try { localStorage.setItem(dismissedName(workshop), String(message.posted_at)); } catch { /* kept for this page */ }
    setDismissed(message.posted_at);
  };
  return html`<div class="message-banner" role="status">
    <p><span class="message-banner-from">${t('message_from_facilitator')}</span> ${message.text}</p>
    <button type="button" class="link" onClick=${dismiss}>${t('message_dismiss')}</button>
  </div>`;
}
