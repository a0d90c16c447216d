// Joining with the short code shown on the wall: the start page's field, and the /j/<code>
// link the wall's QR code holds. Both ask the server which workshop the code leads to.
import { html, useEffect, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { Field } from './common.js';

/** The digits of what was typed: "482 913" and "482-913" are both 482913. */
export function normaliseCode(text) { return text.replace(/[\s-]/g, ''); }

/** The workshop behind `code`: { workshop } or { error } with a translated sentence. */
export async function resolveCode(code) {
  if (!/^\d{6}$/.test(code)) return { error: t('code_malformed') };
  try {
    const r = await fetch(`/api/codes/${encodeURIComponent(code)}`);
    if (r.status === 429) return { error: t('code_rate_limited', { n: r.headers.get('Retry-After') || '60' }) };
    if (r.status === 404) return { error: t('code_unknown') };
    if (!r.ok) return { error: t('code_failed') };
    return r.json();
  } catch {
    return { error: t('code_failed') };
  }
}

function goJoin(workshop, code) {
  location.assign(`/w/${workshop}#code=${code}`);
}

export function CodeJoin() {
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const submit = async (e) => {
    e.preventDefault();
    setError('');
    const typed = normaliseCode(code);
    const found = await resolveCode(typed);
    if (found.error) setError(found.error);
    else goJoin(found.workshop, typed);
  };
  return html`<form class="card code-join" onSubmit=${submit}>
    <h2>${t('code_heading')}</h2>
    <${Field} label=${t('code_label')} value=${code} onInput=${setCode} required maxLength="12"
      inputmode="numeric" autocomplete="off" hint=${t('code_hint')} />
    ${error && html`<p class="message" role="alert">${error}</p>`}
    <button type="submit">${t('code_join')}</button>
  </form>`;
}

export function ShortLink({ code }) {
  const [error, setError] = useState('');
  useEffect(() => {
    const typed = normaliseCode(code);
    resolveCode(typed).then((found) => {
      if (found.error) setError(found.error);
      else location.replace(`/w/${found.workshop}#code=${typed}`);
    });
  }, [code]);
  return html`<main class="page">
    ${error ? html`<p class="message" role="alert">${error}</p><${CodeJoin} />` : html`<p role="status">${t('loading')}</p>`}
  </main>`;
}
