// The participant link and its QR code, one click away from anywhere in the console.
import { html, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { CopyLink, QrCode } from './common.js';

export function ShareButton({ workshop, joinCode }) {
  const [open, setOpen] = useState(false);
  const url = `${location.origin}/w/${workshop}#join=${joinCode}`;
  return html`<details class="share" onToggle=${(e) => setOpen(e.currentTarget.open)}>
    <summary>${t('share_link')}</summary>
    ${open && html`<div class="share-panel">
      <${CopyLink} label=${t('participant_link')} url=${url} />
      <${QrCode} text=${url} size=${200} />
    </div>`}
  </details>`;
}
