// One person's live session in a workshop: the connection, the screens for states where there
// is nothing to do, and the views of their role, with the tab they chose kept across phases.
import { html, useEffect, useState } from '/vendor/preact-htm.js';
import { Connection } from './connection.js';
import { chosenLanguage, pickLanguage, refusalText, setLanguage, t } from './i18n.js';
import { person } from './state.js';
import { AccountMenu } from './views/account.js';
import { Board } from './views/board.js';
import { Header, Messages } from './views/common.js';
import { Links, RunDay } from './views/console.js';
import { Groups } from './views/groups.js';
import { Marketplace } from './views/marketplace.js';
import { MessageBanner } from './views/message_banner.js';
import { NowCard } from './views/now.js';
import { People } from './views/people.js';
import { Schedule } from './views/schedule.js';
import { ClosedBanner, KeepLink, StopScreen } from './views/screens.js';
import { ShareButton } from './views/share.js';
import { DeleteWorkshop, Exports, RetentionNote } from './views/summary.js';
import { UndoBar } from './views/undo_bar.js';
import { Wall } from './views/wall.js';

function defaultTab(phase, facilitator) {
  if (facilitator) return 'run';
  if (['breakouts', 'convergence', 'closed'].includes(phase)) return 'groups';
  return 'marketplace';
}

function storedJoinCode(workshop) {
  try { return JSON.parse(localStorage.getItem(`samling:${workshop}:join_code`)); } catch { return null; }
}

/** The body of the chosen tab. */
function TabBody({ tab, conn, state, workshop, joinCode, params, boardGroup, setBoardGroup, openBoard }) {
  const facilitator = conn.role === 'facilitator';
  const me = person(state, conn.me);
  // A co-facilitator has no facilitator key: their own sign-in opens the exports and links.
  const authKey = params.key || (facilitator ? conn.resumeToken() : null);
  switch (tab) {
    case 'groups':
      return boardGroup ? html`<${Board} conn=${conn} state=${state} groupId=${boardGroup} onBack=${() => setBoardGroup(null)} />`
        : html`<${Groups} conn=${conn} state=${state} onOpen=${openBoard} />`;
    case 'board': return html`<${Board} conn=${conn} state=${state} groupId=${me && me.group} />`;
    case 'run': return html`<${RunDay} conn=${conn} state=${state} workshop=${workshop} joinCode=${joinCode} facilitatorKey=${params.key} authKey=${authKey} />`;
    case 'schedule': return html`<${Schedule} conn=${conn} state=${state} />`;
    case 'people': return html`<${People} conn=${conn} state=${state} />`;
    case 'summary': return html`<div class="console-grid">
      <${Links} workshop=${workshop} joinCode=${joinCode} shortCode=${state.short_code} facilitatorKey=${params.key} authKey=${authKey} />
      <${Exports} workshop=${workshop} readKey=${authKey} />
      ${facilitator && authKey && html`<div>
        <${RetentionNote} state=${state} days=${conn.retentionDays} />
        <${DeleteWorkshop} workshop=${workshop} authKey=${authKey} />
      </div>`}
    </div>`;
    default: return html`<${Marketplace} conn=${conn} state=${state} facilitator=${facilitator} />`;
  }
}

export function Session({ workshop, params, rerender, joinAs }) {
  const [, setVersion] = useState(0);
  const [conn, setConn] = useState(null);
  const [messages, setMessages] = useState([]);
  const [tab, setTab] = useState(null);
  const [boardGroup, setBoardGroup] = useState(null);
  const [fresh, setFresh] = useState(params.new === '1');

  useEffect(() => {
    let credentials;
    if (params.key) credentials = { facilitator_key: params.key };
    else if (params.view === 'wall') credentials = { wall_key: params.wall };
    else if (params.code) credentials = { short_code: params.code, ...(joinAs || {}) };
    else credentials = { join_code: params.join, ...(joinAs || {}) };
    const c = new Connection(workshop, credentials, (kind, detail) => {
      if (kind === 'error') {
        setMessages((list) => [...list.slice(-3), { key: `${Date.now()}-${Math.random()}`, text: refusalText(detail) }]);
      }
      setVersion((v) => v + 1);
    });
    setConn(c);
    return () => c.stop();
  }, [workshop, joinAs]);

  const dismiss = (k) => setMessages((l) => l.filter((m) => m.key !== k));
  const self = conn && conn.state && person(conn.state, conn.me);
  if (conn && conn.status === 'deleted') return html`<${StopScreen} kind="deleted" />`;
  if (conn && (conn.status === 'removed' || (self && (self.left || self.removed)))) {
    return html`<${StopScreen} kind=${self && self.forgotten ? 'forgotten' : self && self.left ? 'left' : 'removed'} />`;
  }
  if (conn && conn.status === 'wall_revoked') {
    return html`<main class="page" id="main"><p role="alert">${t('status_wall_revoked')}</p></main>`;
  }
  if (conn && conn.status === 'refused') {
    return html`<${StopScreen} kind=${conn.refusal.code === 'locked' ? 'locked' : 'refused'} refusal=${conn.refusal} />`;
  }
  if (!conn || !conn.state) {
    return html`<main class="page" id="main"><p role="status">${t('loading')}</p>
      <${Messages} messages=${messages} onDismiss=${dismiss} /></main>`;
  }
  const state = conn.state;
  if (!chosenLanguage()) setLanguage(state.language);
  // The server hands every facilitator the current code; this device's copy serves offline, and
  // the link's own fragment last (another facilitator may have replaced that code since).
  const joinCode = conn.joinCode || storedJoinCode(workshop) || params.join;
  if (params.view === 'wall') {
    return html`<${Wall} conn=${conn} state=${state} />`;
  }
  const facilitator = conn.role === 'facilitator';
  // The tab stays where the person is when the phase changes (focus too); the now card offers
  // the phase's own tab instead.
  if (!tab) setTab(defaultTab(state.phase, facilitator));
  const current = tab || defaultTab(state.phase, facilitator);
  const natural = defaultTab(state.phase, facilitator);
  const me = person(state, conn.me);
  const tabs = facilitator ? [['run', t('tab_run')], ['schedule', t('tab_schedule')], ['people', t('tab_people')]] : [];
  tabs.push(['marketplace', t('tab_marketplace')], ['groups', t('tab_groups')]);
  if (me && me.group) tabs.push(['board', t('tab_board')]);
  if (facilitator) tabs.push(['summary', t('tab_summary')]);
  const openBoard = (id) => { setBoardGroup(id); setTab('groups'); };
  const onLanguage = () => { pickLanguage(state.language); rerender(); };
  const keyUrl = `${location.origin}/w/${workshop}#key=${params.key}`;
  return html`<div class=${`app ${facilitator ? 'is-facilitator' : 'is-participant'}`} data-seq=${state.seq}>
    <${Header} conn=${conn} state=${state}>
      ${facilitator && joinCode && html`<${ShareButton} workshop=${workshop} joinCode=${joinCode} shortCode=${state.short_code} />`}
      <${AccountMenu} conn=${conn} state=${state} onLanguage=${onLanguage} />
    <//>
    <nav class="tabs" aria-label=${t('views')}>
      ${tabs.map(([id, label]) => html`<button type="button" key=${id} class=${id === current ? 'tab active' : 'tab'}
        aria-current=${id === current ? 'page' : undefined} onClick=${() => { setTab(id); if (id === 'groups') setBoardGroup(null); }}>${label}</button>`)}
    </nav>
    <${Messages} messages=${messages} onDismiss=${dismiss} />
    ${!facilitator && html`<${MessageBanner} state=${state} workshop=${workshop} />`}
    <main class="content" id="main">
      ${facilitator && fresh && html`<${KeepLink} url=${keyUrl} onDone=${() => {
        setFresh(false);
        history.replaceState(null, '', location.href.replace(/&new=1/, ''));
      }} />`}
      ${!facilitator && state.phase === 'closed' && html`<${ClosedBanner} />`}
      ${!facilitator && state.phase !== 'closed' && html`<${NowCard} conn=${conn} state=${state}
        go=${natural !== current && !(natural === 'groups' && current === 'board') ? { label: tabs.find(([id]) => id === natural)?.[1], open: () => { setTab(natural); setBoardGroup(null); } } : null} />`}
      <${TabBody} tab=${current} conn=${conn} state=${state} workshop=${workshop} joinCode=${joinCode} params=${params}
        boardGroup=${boardGroup} setBoardGroup=${setBoardGroup} openBoard=${openBoard} />
    </main>
    <${UndoBar} />
  </div>`;
}
