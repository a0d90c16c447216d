// A person's own settings, folded into the header: display name, language, leaving the day, and
// erasing their name from it.
import { html, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { person } from '../state.js';
import { Field, LanguagePicker } from './common.js';
import { ForgetControl } from './forget.js';

export function AccountMenu({ conn, state, onLanguage }) {
  const me = person(state, conn.me);
  const [name, setName] = useState(me ? me.name : '');
  const [leaving, setLeaving] = useState(false);
  if (!me) return null;
  const host = conn.me === 1;
  return html`<details class="account">
    <summary aria-label=${t('account_menu')}><span aria-hidden="true">☰</span></summary>
    <div class="account-panel">
      <form class="inline-form" onSubmit=${(e) => {
        e.preventDefault();
        if (name.trim() && name.trim() !== me.name) conn.send({ type: 'participant.rename', name: name.trim() });
      }}>
        <${Field} label=${t('your_name')} value=${name} onInput=${setName} required maxLength="60" autocomplete="nickname" />
        <button type="submit">${t('save')}</button>
      </form>
      <${LanguagePicker} onChange=${onLanguage} />
      ${!host && (leaving ? html`<div class="confirm" role="group" aria-labelledby="leave-question">
          <p id="leave-question">${t('confirm_leave')}</p>
          <button type="button" class="danger" onClick=${() => conn.send({ type: 'participant.leave' })}>${t('leave_workshop')}</button>
          <button type="button" onClick=${() => setLeaving(false)}>${t('cancel')}</button>
        </div>` : html`<button type="button" class="danger" onClick=${() => setLeaving(true)}>${t('leave_workshop')}</button>`)}
      ${!host && html`<${ForgetControl} conn=${conn} target=${me} self />`}
    </div>
  </details>`;
}
