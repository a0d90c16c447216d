// The summary page: what the day produced, and every export. For facilitators (with the
// facilitator key) and for organisers holding the read-only organiser link.
import { html, useEffect, useState } from '/vendor/preact-htm.js';
import { pickLanguage, t } from '../i18n.js';
import { exportLinks } from './console.js';
import { CopyLink, useQuestionFocus } from './common.js';
import { download, refusalOf } from '../download.js';

/** An organiser link made without names has a key that says so (server/http_common.hpp). */
export const namelessKey = (key) => Boolean(key) && key.startsWith('anon-');

function OrganiserLink({ workshop, facilitatorKey }) {
  const [link, setLink] = useState(null);
  const [revoked, setRevoked] = useState(false);
  const call = async (method, query = '') => {
    const r = await fetch(`/api/workshops/${workshop}/organiser-link${query}`, { method, headers: { Authorization: `Bearer ${facilitatorKey}` } });
    return r.ok ? r.json() : null;
  };
  const create = async (names) => {
    const r = await call('POST', names ? '' : '?names=0');
    if (r) { setLink(r.organiser_key); setRevoked(false); }
  };
  return html`<section class="card" aria-labelledby="organiser-heading">
    <h2 id="organiser-heading">${t('organiser_heading')}</h2>
    ${link && html`<${CopyLink} label=${t('summary_link')} url=${`${location.origin}/w/${workshop}#view=summary&organiser=${link}`} />
      <p class="hint" role="status">${t(namelessKey(link) ? 'organiser_public_made' : 'organiser_named_made')}</p>`}
    ${revoked && html`<p role="status">${t('organiser_revoked')}</p>`}
    <div class="row">
      <button type="button" onClick=${() => create(false)}>${t('organiser_create_public')}</button>
      <button type="button" onClick=${() => create(true)}>${t('organiser_create_named')}</button>
      <button type="button" onClick=${async () => { if (await call('DELETE')) { setLink(null); setRevoked(true); } }}>${t('organiser_revoke')}</button>
    </div>
  </section>`;
}

/** Every export as a button: each fetches its file with the key in a header and saves it. They
 * come without names unless the reader chooses names; an organiser link made without names
 * offers nothing else. */
export function Exports({ workshop, readKey }) {
  const [failure, setFailure] = useState(null);
  const [names, setNames] = useState(false);
  const onlyNameless = namelessKey(readKey);
  const save = async (x) => {
    setFailure(null);
    try { await download(x.url, readKey, x.file); } catch (e) { setFailure(e.message); }
  };
  const choice = (value, label, hint) => html`<label class="choice">
    <input type="radio" name="export-names" checked=${names === value} onChange=${() => setNames(value)} />
    <span><strong>${label}</strong><br /><span class="hint">${hint}</span></span>
  </label>`;
  return html`<section class="card" aria-labelledby="exports-heading">
    <h2 id="exports-heading">${t('exports_heading')}</h2>
    ${onlyNameless ? html`<p class="hint">${t('organiser_public_made')}</p>`
      : html`<fieldset class="export-names">
        <legend>${t('exports_names_legend')}</legend>
        ${choice(false, t('exports_public_heading'), t('exports_public_hint'))}
        ${choice(true, t('exports_named_heading'), t('exports_named_hint'))}
      </fieldset>`}
    <ul class="exports">
      ${exportLinks(workshop, names && !onlyNameless).map((x) => html`<li key=${x.key}><button type="button" class=${`export export-${x.key}`}
        onClick=${() => save(x)}>${x.label}</button></li>`)}
    </ul>
    ${failure && html`<p role="alert">${t('download_failed', { message: failure })}</p>`}
  </section>`;
}

/** When a closed workshop will be deleted, on a server that keeps them `days` days (0: for ever). */
export function RetentionNote({ state, days }) {
  if (!days) return null;
  if (!state.closed_at) return html`<p class="hint retention">${t('retention_open', { days })}</p>`;
  const date = new Date(state.closed_at + days * 86400000).toLocaleDateString(state.language, { dateStyle: 'long' });
  return html`<p class="hint retention" role="status">${t('retention_closed', { date, days })}</p>`;
}

/** Deleting the whole workshop, after a second, explicit press; the server then closes every
 * connection (close code 4010) and each screen says the workshop is gone. */
export function DeleteWorkshop({ workshop, authKey }) {
  const [asking, setAsking] = useState(false);
  const [failure, setFailure] = useState(null);
  const { trigger, safe, cancel } = useQuestionFocus(asking, setAsking);
  const erase = async () => {
    setFailure(null);
    try {
      const r = await fetch(`/api/workshops/${workshop}`, { method: 'DELETE', headers: { Authorization: `Bearer ${authKey}` } });
      if (!r.ok) setFailure(await refusalOf(r));
    } catch (e) { setFailure(e.message); }
  };
  return html`<section class="card danger-zone" aria-labelledby="delete-heading">
    <h2 id="delete-heading">${t('delete_workshop_heading')}</h2>
    <p class="hint">${t('delete_workshop_hint')}</p>
    ${asking ? html`<div class="row" role="group" aria-labelledby="delete-heading">
        <button type="button" class="danger" onClick=${erase}>${t('delete_workshop_confirm')}</button>
        <button type="button" ref=${safe} onClick=${cancel}>${t('cancel')}</button>
      </div>` : html`<button type="button" class="danger" ref=${trigger} onClick=${() => setAsking(true)}>${t('delete_workshop')}</button>`}
    ${failure && html`<p role="alert">${t('delete_failed', { message: failure })}</p>`}
  </section>`;
}

export function SummaryPage({ workshop, facilitatorKey, organiserKey }) {
  const [info, setInfo] = useState(null);
  const [recap, setRecap] = useState(null);
  const readKey = facilitatorKey || organiserKey;
  useEffect(() => {
    fetch(`/api/workshops/${workshop}`).then((r) => (r.ok ? r.json() : false)).then((i) => {
      if (i) pickLanguage(i.language);
      setInfo(i);
    }, () => setInfo(false));
    // The page needs only counts: it reads the archive without names.
    fetch(`/api/workshops/${workshop}/export.json?names=0`, { headers: { Authorization: `Bearer ${readKey}` } })
      .then((r) => (r.ok ? r.json() : null)).then((a) => setRecap(a && a.state));
  }, [workshop, readKey]);
  if (info === null) return html`<main class="page"><p>${t('loading')}</p></main>`;
  if (info === false) return html`<main class="page"><p role="alert">${t('not_found')}</p></main>`;
  const s = recap;
  return html`<main class="page summary">
    <h1>${info.title}</h1>
    <p class="meta">${t(`phase_${info.phase}`)}</p>
    ${s && html`<p>${t('summary_counts', {
      themes: s.themes.length, groups: s.groups.length, notes: s.notes.length,
      people: s.participants.filter((p) => !p.removed).length,
    })}</p>`}
    <${Exports} workshop=${workshop} readKey=${readKey} />
    ${facilitatorKey && html`<${OrganiserLink} workshop=${workshop} facilitatorKey=${facilitatorKey} />`}
  </main>`;
}
