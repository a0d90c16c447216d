// Samling's browser client: picks the view from the address and keeps it live.
//   /                                  start a workshop
//   /w/<id>#join=<code>                join as a participant (then resume with the stored token)
//   /w/<id>#key=<facilitator key>      the facilitator console
//   /w/<id>#view=wall&wall=<wall key>   the projector wall (view-only)
//   /j/<code>                          the short link: joins with the code shown on the wall
//   /w/<id>#view=summary&key=…|organiser=…  the summary page with the exports
import { html, render, useEffect, useState } from '/vendor/preact-htm.js';
import { LANGUAGES, chosenLanguage, pickLanguage, refusalText, t } from './i18n.js';
import { Session } from './session.js';
import { Field, LanguagePicker, hashParams } from './views/common.js';
import { CodeJoin, ShortLink } from './views/code_join.js';
import { StopScreen } from './views/screens.js';
import { SummaryPage } from './views/summary.js';

function Start({ rerender }) {
  const [title, setTitle] = useState('');
  const [purpose, setPurpose] = useState('');
  const [lang, setLang] = useState(chosenLanguage() || document.documentElement.lang || 'en');
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [needsKey, setNeedsKey] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => {
    fetch('/api/server').then((r) => r.json()).then((s) => setNeedsKey(s.create_requires_key)).catch(() => {});
  }, []);
  const submit = async (e) => {
    e.preventDefault();
    setError('');
    const headers = { 'Content-Type': 'application/json' };
    if (key) headers.Authorization = `Bearer ${key}`;
    const body = { title, purpose, language: lang, ...(name ? { facilitator_name: name } : {}) };
    try {
      const r = await fetch('/api/workshops', { method: 'POST', headers, body: JSON.stringify(body) });
      const answer = await r.json();
      if (!r.ok) { setError(answer.error ? refusalText(answer.error) : t('err_http', { status: r.status })); return; }
      try {
        localStorage.setItem(`samling:${answer.id}:join_code`, JSON.stringify(answer.join_code));
        localStorage.setItem(`samling:${answer.id}:wall_key`, JSON.stringify(answer.wall_key));
      } catch { /* ignore */ }
      location.assign(`/w/${answer.id}#key=${answer.facilitator_key}&join=${answer.join_code}&new=1`);
    } catch {
      setError(t('err_network'));
    }
  };
  return html`<main class="page start" id="main">
    <p class="brand">Samling · ${t('app_tagline')}</p>
    <${LanguagePicker} onChange=${() => { pickLanguage(); rerender(); }} />
    <form class="card" onSubmit=${submit}>
      <h1>${t('start_heading')}</h1>
      <p>${t('start_intro')}</p>
      <${Field} label=${t('title')} value=${title} onInput=${setTitle} required maxLength="200" />
      <${Field} label=${t('purpose')} value=${purpose} onInput=${setPurpose} multiline maxLength="10000" hint=${t('purpose_hint')} />
      <${Field} label=${t('language')} value=${lang} onInput=${setLang}>
        ${Object.entries(LANGUAGES).map(([code, label]) => html`<option value=${code}>${label}</option>`)}
      <//>
      <${Field} label=${t('your_name')} value=${name} onInput=${setName} maxLength="60" />
      ${needsKey && html`<${Field} label=${t('create_key')} type="password" value=${key} onInput=${setKey} required hint=${t('create_key_hint')} />`}
      ${error && html`<p class="message" role="alert">${t('error', { message: error })}</p>`}
      <button type="submit" class="primary">${t('create')}</button>
    </form>
    <${CodeJoin} />
  </main>`;
}

function JoinForm({ info, onJoin }) {
  const [name, setName] = useState('');
  const [observer, setObserver] = useState(false);
  return html`<main class="page join" id="main">
    <form class="card" onSubmit=${(e) => { e.preventDefault(); if (name.trim()) onJoin(name.trim(), observer ? 'observer' : 'participant'); }}>
      <h1>${info ? info.title : t('join_heading')}</h1>
      <h2>${t('join_heading')}</h2>
      <${Field} label=${t('your_name')} value=${name} onInput=${setName} required maxLength="60" autocomplete="nickname" />
      <label class="check"><input type="checkbox" checked=${observer} onChange=${(e) => setObserver(e.target.checked)} /> ${t('join_as_observer')}</label>
      <button type="submit" class="primary">${t('join')}</button>
    </form>
  </main>`;
}

/** Asks a newcomer's name first; everyone else goes straight to the session. */
function Workshop({ workshop, params, rerender }) {
  const [joinAs, setJoinAs] = useState(null);
  const [info, setInfo] = useState(null);
  const storedToken = (() => { try { return localStorage.getItem(`samling:${workshop}:resume_token`); } catch { return null; } })();
  const needsName = !params.key && !storedToken && !joinAs && (params.join || params.code) && params.view !== 'wall';
  useEffect(() => {
    // Offline, the page still opens (from the service worker's cache): only a 404 means no workshop.
    fetch(`/api/workshops/${workshop}`).then((r) => (r.ok ? r.json() : r.status === 404 ? false : null)).then((i) => {
      setInfo(i);
      if (i) { pickLanguage(i.language); rerender(); }
    }, () => setInfo(null));
  }, [workshop]);
  if (info === false) return html`<${StopScreen} kind="not_found" />`;
  if (needsName) return html`<${JoinForm} info=${info} onJoin=${(name, role) => setJoinAs({ name, role })} />`;
  return html`<${Session} workshop=${workshop} params=${params} rerender=${rerender} joinAs=${joinAs} />`;
}

function App() {
  const [, setVersion] = useState(0);
  const rerender = () => setVersion((v) => v + 1);
  const [params, setParams] = useState(hashParams());
  useEffect(() => {
    const onHash = () => setParams(hashParams());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const short = location.pathname.match(/^\/j\/([^/]{1,64})\/?$/);
  if (short) return html`<${ShortLink} code=${decodeURIComponent(short[1])} />`;
  const match = location.pathname.match(/^\/w\/([a-z2-7]{1,64})\/?$/);
  if (!match) return html`<${Start} rerender=${rerender} />`;
  const workshop = match[1];
  if (params.view === 'summary') {
    return html`<${SummaryPage} workshop=${workshop} facilitatorKey=${params.key} organiserKey=${params.organiser} />`;
  }
  return html`<${Workshop} workshop=${workshop} params=${params} rerender=${rerender} />`;
}

/** Installs the service worker and hands it the files this page has loaded already. */
function keepForOffline() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready).then((registration) => {
    const loaded = performance.getEntriesByType('resource').map((r) => r.name)
      .filter((u) => /\.(js|css)$/.test(new URL(u).pathname));
    registration.active.postMessage({ cache: [location.origin + '/style.css', ...loaded] });
  }).catch(() => { /* a browser without service workers still works online */ });
}

pickLanguage();
keepForOffline();
render(html`<${App} />`, document.getElementById('app'));
