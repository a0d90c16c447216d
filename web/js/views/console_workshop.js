// The workshop's own settings, editable all day: title, purpose and language.
import { html, useState } from '/vendor/preact-htm.js';
import { LANGUAGES, t } from '../i18n.js';
import { Field } from './common.js';

export function EditWorkshop({ conn, state }) {
  const [title, setTitle] = useState(state.title);
  const [purpose, setPurpose] = useState(state.purpose);
  const [language, setLanguage] = useState(state.language);
  const save = (e) => {
    e.preventDefault();
    if (title.trim() && title.trim() !== state.title) conn.send({ type: 'workshop.rename', title: title.trim() });
    if (purpose !== state.purpose) conn.send({ type: 'workshop.set_purpose', purpose });
    if (language !== state.language) conn.send({ type: 'workshop.set_language', language });
  };
  const changed = title.trim() !== state.title || purpose !== state.purpose || language !== state.language;
  return html`<form class="card" onSubmit=${save} aria-labelledby="workshop-heading">
    <h2 id="workshop-heading">${t('workshop_heading')}</h2>
    <${Field} label=${t('title')} value=${title} onInput=${setTitle} required maxLength="200" />
    <${Field} label=${t('purpose')} value=${purpose} onInput=${setPurpose} multiline maxLength="10000" hint=${t('purpose_hint')} />
    <${Field} label=${t('language')} value=${language} onInput=${setLanguage}>
      ${Object.entries(LANGUAGES).map(([code, label]) => html`<option value=${code}>${label}</option>`)}
    <//>
    <button type="submit" disabled=${!changed}>${t('save')}</button>
  </form>`;
}
