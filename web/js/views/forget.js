// Forgetting a person (GDPR erasure): a facilitator forgets someone from the people list, a
// participant themself from their own menu. Both choose whether what they wrote stays, without
// the name, or goes too; nothing happens until the confirming button.
import { html, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { useQuestionFocus } from './common.js';

/** The button and, once pressed, the question: `target` is a participant; `self` when it is the reader. */
export function ForgetControl({ conn, target, self = false }) {
  const [open, setOpen] = useState(false);
  const [content, setContent] = useState('keep');
  const { trigger, safe, cancel } = useQuestionFocus(open, setOpen);
  const id = `forget-${target.id}`;
  if (!open) {
    return html`<button type="button" class="danger" ref=${trigger} onClick=${() => setOpen(true)}>${t(self ? 'forget_me' : 'forget')}</button>`;
  }
  const choice = (value, label) => html`<label class="choice">
    <input type="radio" name=${`${id}-content`} checked=${content === value} onChange=${() => setContent(value)} />
    <span>${label}</span>
  </label>`;
  return html`<div class="confirm forget" role="group" aria-labelledby=${`${id}-question`}>
    <p id=${`${id}-question`}>${self ? t('forget_self_question') : t('forget_question', { name: target.name })}</p>
    <fieldset class="export-names">
      <legend>${t(self ? 'forget_choice_self' : 'forget_choice')}</legend>
      ${choice('keep', t('forget_keep'))}
      ${choice('delete', t('forget_delete'))}
    </fieldset>
    <div class="row">
      <button type="button" class="danger" onClick=${() => {
        conn.send({ type: 'participant.forget', participant: target.id, content });
        setOpen(false);
      }}>${t('forget_confirm')}</button>
      <button type="button" ref=${safe} onClick=${cancel}>${t('cancel')}</button>
    </div>
  </div>`;
}
