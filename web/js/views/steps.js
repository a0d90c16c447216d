// A group's next steps: what, who and by when, with their status; added and edited by the group.
import { html, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { find } from '../state.js';
import { Field } from './common.js';
import { deleteStep } from './undoable.js';

const STATUSES = ['open', 'in_progress', 'done'];

function StepForm({ step, onSave, onCancel }) {
  const [text, setText] = useState(step ? step.text : '');
  const [owner, setOwner] = useState(step ? step.owner : '');
  const [due, setDue] = useState(step ? step.due : '');
  const [status, setStatus] = useState(step ? step.status : 'open');
  const submit = (e) => {
    e.preventDefault();
    if (!text.trim()) return;
    onSave({ text: text.trim(), owner: owner.trim(), due, status });
    if (!step) { setText(''); setOwner(''); setDue(''); setStatus('open'); }
  };
  return html`<form class="step-form" onSubmit=${submit}>
    <${Field} label=${t('step_text')} value=${text} onInput=${setText} required maxLength="500" />
    <div class="row">
      <${Field} label=${t('step_owner')} value=${owner} onInput=${setOwner} maxLength="100" />
      <${Field} label=${t('step_due')} type="date" value=${due} onInput=${setDue} />
      <${Field} label=${t('step_status')} value=${status} onInput=${setStatus}>
        ${STATUSES.map((s) => html`<option value=${s}>${t(`status_step_${s}`)}</option>`)}
      <//>
    </div>
    <button type="submit" class="primary">${step ? t('save') : t('add_step')}</button>
    ${onCancel && html`<button type="button" onClick=${onCancel}>${t('cancel')}</button>`}
  </form>`;
}

function StepItem({ conn, step, mayWrite }) {
  const [editing, setEditing] = useState(false);
  if (editing) {
    return html`<li class="step"><${StepForm} step=${step} onCancel=${() => setEditing(false)} onSave=${(v) => {
      conn.send({ type: 'next_step.edit', step: step.id, ...v });
      setEditing(false);
    }} /></li>`;
  }
  return html`<li class=${`step step-${step.status}`}>
    <span class="step-text">${step.text}</span>
    <span class="meta">${[step.owner, step.due, t(`status_step_${step.status}`)].filter(Boolean).join(' · ')}</span>
    ${mayWrite && html`<span class="actions">
      <button type="button" onClick=${() => setEditing(true)}>${t('edit')}</button>
      <button type="button" class="danger" onClick=${() => deleteStep(conn, step)}>${t('delete')}</button>
    </span>`}
  </li>`;
}

export function NextSteps({ conn, state, group, mayWrite }) {
  const steps = group.steps.map((id) => find(state.steps, id)).filter(Boolean);
  if (!mayWrite && steps.length === 0) return null;
  return html`<section class="steps" aria-labelledby=${`steps-${group.id}`}>
    <h3 id=${`steps-${group.id}`}>${t('steps_heading', { n: steps.length })}</h3>
    <ul class="step-list">${steps.map((s) => html`<${StepItem} key=${s.id} conn=${conn} step=${s} mayWrite=${mayWrite} />`)}</ul>
    ${mayWrite && html`<details class="add-step"><summary>${t('add_step')}</summary>
      <${StepForm} onSave=${(v) => conn.send({ type: 'next_step.add', group: group.id, ...v })} />
    </details>`}
  </section>`;
}
