// The people of the day: search by name, the group each is in, a hint where two share a name,
// and promotion or removal (held back a few seconds, so a slip can be undone), or forgetting.
import { html, useState } from '/vendor/preact-htm.js';
import { t } from '../i18n.js';
import { find, groupTitle, isActive } from '../state.js';
import { Field } from './common.js';
import { removePerson } from './console_undo.js';
import { ForgetControl } from './forget.js';

const fold = (text) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase().trim();

export function People({ conn, state }) {
  const [query, setQuery] = useState('');
  const people = state.participants.filter(isActive);
  const counts = new Map();
  for (const p of people) counts.set(fold(p.name), (counts.get(fold(p.name)) || 0) + 1);
  const shown = people.filter((p) => fold(p.name).includes(fold(query)));
  return html`<section class="people-view" aria-labelledby="people-heading">
    <h2 id="people-heading">${t('people_heading', { n: people.length })}</h2>
    <${Field} label=${t('search_people')} type="search" value=${query} onInput=${setQuery} />
    <table class="people-table">
      <thead><tr><th scope="col">${t('name_column')}</th><th scope="col">${t('tab_groups')}</th><th scope="col">${t('role')}</th><th scope="col"><span class="visually-hidden">${t('actions')}</span></th></tr></thead>
      <tbody>
        ${shown.map((p) => {
          const group = find(state.groups, p.group);
          const twin = counts.get(fold(p.name)) > 1;
          return html`<tr key=${p.id} class="person">
            <th scope="row" class="person-name">${p.name}${twin && html` <span class="badge badge-twin">${t('same_name')}</span>`}</th>
            <td>${group ? groupTitle(state, group) : '—'}</td>
            <td class="meta">${t(`role_${p.role}`)}${conn.online.has(p.id) ? ` · ${t('online')}` : ''}${p.id === conn.me ? ` · ${t('you')}` : ''}</td>
            <td class="actions">${p.id !== 1 && p.id !== conn.me && html`
              ${p.role !== 'facilitator' && html`<button type="button" onClick=${() => conn.send({ type: 'participant.promote', participant: p.id })}>${t('promote')}</button>`}
              <button type="button" class="danger" onClick=${() => removePerson(conn, p)}>${t('remove')}</button>
              <${ForgetControl} conn=${conn} target=${p} />`}
            </td>
          </tr>`;
        })}
      </tbody>
    </table>
    ${shown.length === 0 && html`<p class="empty">${t('nobody_found')}</p>`}
  </section>`;
}
