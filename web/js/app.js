// Samling's browser client: picks the view from the address and keeps it live.
//   /                                  start a workshop
//   /w/<id>#join=<code>                join as a participant (then resume with the stored token)
//   /w/<id>#key=<facilitator key>      the facilitator console
//   /w/<id>#view=wall&wall=<wall key>   the projector wall (view-only)
//   /j/<code>                          the short link: joins with the code shown on the wall
//   /w/<id>#view=summary&key=…|organiser=…  the summary page with the exports
import { html, render, useEffect, useState } from '/vendor/preact-htm.js';
import { Connection } from './connection.js';
import { LANGUAGES, chosenLanguage, pickLanguage, setLanguage, t } from './i18n.js';
import { person } from './state.js';
import { Field, Header, LanguagePicker, Messages, hashParams } from './views/common.js';
import { Links, People, RunDay, Schedule } from './views/console.js';
import { Board, Groups } from './views/groups.js';
import { Marketplace } from './views/marketplace.js';
import { Exports, SummaryPage } from './views/summary.js';
import { MessageBanner } from './views/message_banner.js';
import { Wall } from './views/wall.js';
import { CodeJoin, ShortLink } from './views/code_join.js';

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
      if (!r.ok) { setError(answer.error ? answer.error.message : String(r.status)); return; }
      try {
        localStorage.setItem(`samling:${answer.id}:join_code`, JSON.stringify(answer.join_code));
        localStorage.setItem(`samling:${answer.id}:wall_key`, JSON.stringify(answer.wall_key));
      } catch { /* ignore */ }
      location.assign(`/w/${answer.id}#key=${answer.facilitator_key}&join=${answer.join_code}`);
    } catch (err) {
      setError(String(err));
    }
  };
  return html`<main class="page start">
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
  return html`<main class="page join">
    <form class="card" onSubmit=${(e) => { e.preventDefault(); if (name.trim()) onJoin(name.trim(), observer ? 'observer' : 'participant'); }}>
      <h1>${info ? info.title : t('join_heading')}</h1>
      <h2>${t('join_heading')}</h2>
      <${Field} label=${t('your_name')} value=${name} onInput=${setName} required maxLength="60" autocomplete="nickname" />
      <label class="check"><input type="checkbox" checked=${observer} onChange=${(e) => setObserver(e.target.checked)} /> ${t('join_as_observer')}</label>
      <button type="submit" class="primary">${t('join')}</button>
    </form>
  </main>`;
}

function defaultTab(phase, facilitator) {
  if (['breakouts', 'convergence', 'closed'].includes(phase)) return 'groups';
  if (facilitator && phase === 'welcome') return 'run';
  return 'marketplace';
}

function Session({ workshop, params, rerender }) {
  const [, setVersion] = useState(0);
  const [conn, setConn] = useState(null);
  const [messages, setMessages] = useState([]);
  const [tab, setTab] = useState(null);
  const [boardGroup, setBoardGroup] = useState(null);
  const [joinAs, setJoinAs] = useState(null);
  const [info, setInfo] = useState(null);
  const storedToken = (() => { try { return localStorage.getItem(`samling:${workshop}:resume_token`); } catch { return null; } })();
  const needsName = !params.key && !storedToken && !joinAs && (params.join || params.code) && params.view !== 'wall';

  useEffect(() => {
    fetch(`/api/workshops/${workshop}`).then((r) => (r.ok ? r.json() : false)).then((i) => {
      setInfo(i);
      if (i) { pickLanguage(i.language); rerender(); }
    }, () => setInfo(false));
  }, [workshop]);

  useEffect(() => {
    if (needsName) return undefined;
    let credentials;
    if (params.key) credentials = { facilitator_key: params.key };
    else if (params.view === 'wall') credentials = { wall_key: params.wall };
    else if (params.code) credentials = { short_code: params.code, ...(joinAs || {}) };
    else credentials = { join_code: params.join, ...(joinAs || {}) };
    const c = new Connection(workshop, credentials, (kind, detail) => {
      if (kind === 'error') {
        setMessages((list) => [...list.slice(-3), { key: `${Date.now()}-${Math.random()}`, text: detail.message }]);
      }
      setVersion((v) => v + 1);
    });
    setConn(c);
    return () => c.stop();
  }, [workshop, needsName, joinAs]);

  if (info === false) return html`<main class="page"><p role="alert">${t('not_found')}</p></main>`;
  if (needsName) return html`<${JoinForm} info=${info} onJoin=${(name, role) => setJoinAs({ name, role })} />`;
  if (!conn || !conn.state) {
    const status = conn && ['removed', 'wall_revoked'].includes(conn.status) ? t(`status_${conn.status}`) : t('loading');
    return html`<main class="page"><p role="status">${status}</p>
      <${Messages} messages=${messages} onDismiss=${(k) => setMessages((l) => l.filter((m) => m.key !== k))} /></main>`;
  }
  const state = conn.state;
  if (!chosenLanguage()) setLanguage(state.language);
  const joinCode = params.join || (() => { try { return JSON.parse(localStorage.getItem(`samling:${workshop}:join_code`)); } catch { return null; } })();
  if (params.view === 'wall') {
    return html`<${Wall} conn=${conn} state=${state} />`;
  }
  const facilitator = conn.role === 'facilitator';
  const current = tab || defaultTab(state.phase, facilitator);
  const me = person(state, conn.me);
  const tabs = [['marketplace', t('tab_marketplace')], ['groups', t('tab_groups')]];
  if (me && me.group) tabs.push(['board', t('tab_board')]);
  if (facilitator) tabs.push(['run', t('tab_run')], ['schedule', t('tab_schedule')], ['people', t('tab_people')], ['summary', t('tab_summary')]);
  const openBoard = (id) => { setBoardGroup(id); setTab('groups'); };
  let body;
  if (current === 'marketplace') body = html`<${Marketplace} conn=${conn} state=${state} facilitator=${facilitator} />`;
  else if (current === 'groups') {
    body = boardGroup ? html`<${Board} conn=${conn} state=${state} groupId=${boardGroup} onBack=${() => setBoardGroup(null)} />`
      : html`<${Groups} conn=${conn} state=${state} onOpen=${openBoard} />`;
  } else if (current === 'board') body = html`<${Board} conn=${conn} state=${state} groupId=${me && me.group} />`;
  else if (current === 'run') {
    body = html`<${RunDay} conn=${conn} state=${state} workshop=${workshop} joinCode=${joinCode} facilitatorKey=${params.key} />`;
  }
  else if (current === 'schedule') body = html`<${Schedule} conn=${conn} state=${state} />`;
  else if (current === 'people') body = html`<${People} conn=${conn} state=${state} />`;
  else if (current === 'summary') {
    body = html`<div class="console-grid">
      <${Links} workshop=${workshop} joinCode=${joinCode} facilitatorKey=${params.key} />
      <${Exports} workshop=${workshop} readKey=${params.key} />
    </div>`;
  }
  return html`<div class=${`app ${facilitator ? 'is-facilitator' : ''}`} data-seq=${state.seq}>
    <${Header} conn=${conn} state=${state} onLanguage=${() => { pickLanguage(state.language); rerender(); }} />
    <nav class="tabs" aria-label="Samling">
      ${tabs.map(([id, label]) => html`<button type="button" key=${id} class=${id === current ? 'tab active' : 'tab'}
        aria-current=${id === current ? 'page' : undefined} onClick=${() => { setTab(id); if (id === 'groups') setBoardGroup(null); }}>${label}</button>`)}
    </nav>
    <${Messages} messages=${messages} onDismiss=${(k) => setMessages((l) => l.filter((m) => m.key !== k))} />
    ${!facilitator && html`<${MessageBanner} state=${state} workshop=${workshop} />`}
    <main class="content">${body}</main>
  </div>`;
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
  return html`<${Session} workshop=${workshop} params=${params} rerender=${rerender} />`;
}

pickLanguage();
render(html`<${App} />`, document.getElementById('app'));
