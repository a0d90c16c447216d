// The wall's marketplace and voting screens: every theme, at the largest type that fits, in
// pages that turn when they do not; live vote bars, or none until the facilitator reveals them.
import { html, useEffect, useRef, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { dotsUsed, isActive, openThemes, themesByVotes } from '../state.js';
import { useTick } from './common.js';
import { WALL_PAGE_MS, fitThemes } from './wall_fit.js';

/** How long a newly proposed theme is highlighted. */
const NEW_THEME_MS = 6000;

/** The pixel size of the element behind `ref`, kept up to date. */
function useBoxSize(ref) {
  const [size, setSize] = useState(null);
  useEffect(() => {
    const measure = () => {
      const r = ref.current.getBoundingClientRect();
      setSize((old) => (old && old.width === r.width && old.height === r.height ? old : { width: r.width, height: r.height }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(ref.current);
    return () => observer.disconnect();
  }, []);
  return size;
}

function ThemePages({ conn, themes, bars, top }) {
  const box = useRef(null);
  const size = useBoxSize(box);
  useTick(1000);
  const layout = size ? fitThemes(themes, size.width, size.height, bars ? 56 : 0) : null;
  const count = layout ? layout.pages.length : 1;
  const page = count > 1 ? Math.floor(conn.now() / WALL_PAGE_MS) % count : 0;
  const shown = layout ? layout.pages[page] : [];
  return html`<div class="wall-pages">
    <div class="wall-box" ref=${box}>
      ${layout && html`<ol class="wall-themes" data-page=${page + 1} data-pages=${count}
        style=${`font-size:${layout.font}px;column-count:${layout.columns}`}>
        ${shown.map((th) => html`<li key=${th.id} class=${conn.now() - th.proposed_at < NEW_THEME_MS ? 'wall-new' : ''}>
          <span class="wall-theme-title">${th.title}</span>
          ${bars && html`<span class="wall-bar" aria-hidden="true"><span style=${`width:${top ? (100 * th.votes) / top : 0}%`}></span></span>
            <span class="wall-votes">${t('votes', { n: th.votes })}</span>`}
        </li>`)}
      </ol>`}
    </div>
    ${count > 1 && html`<p class="wall-page" aria-live="off">${t('wall_page', { n: page + 1, total: count })}</p>`}
  </div>`;
}

export function WallMarketplace({ conn, state }) {
  const themes = openThemes(state);
  return html`<section class="wall-screen" aria-label=${t('phase_marketplace')}>
    <h2 class="wall-subhead">${t('wall_themes', { n: themes.length })}</h2>
    ${themes.length === 0 ? html`<p class="wall-lead">${t('wall_no_themes')}</p>` : html`<${ThemePages} conn=${conn} themes=${themes} />`}
  </section>`;
}

/** Participants who may vote, and how many of them have placed a dot. */
export function turnout(state) {
  const voters = state.participants.filter((p) => isActive(p) && p.role === 'participant');
  return { voted: voters.filter((p) => dotsUsed(state, p.id) > 0).length, total: voters.length };
}

export function WallVoting({ conn, state }) {
  const hidden = state.options.votes_hidden !== false && !state.votes_revealed;
  const themes = hidden ? openThemes(state) : themesByVotes(state);
  const top = themes.reduce((m, th) => Math.max(m, th.votes), 0);
  const { voted, total } = turnout(state);
  return html`<section class="wall-screen" aria-label=${t('phase_voting')}>
    <h2 class="wall-subhead">${t('wall_voted', { n: voted, total })}${hidden ? html` · <span>${t('wall_votes_hidden')}</span>` : ''}</h2>
    <${ThemePages} conn=${conn} themes=${themes} bars=${!hidden} top=${top} />
  </section>`;
}
