// Downloads an export with its key in an Authorization header, never in the address: a key in a
// query would stay in the browser's history and in the proxy's access log. The page fetches the
// file and saves it; the key itself stays in the page's fragment.
import { refusalText, t } from './i18n.js';

/** A refused answer's reason in the reader's language: its error's code from the catalog. */
export async function refusalOf(r) {
  try {
    const answer = await r.json();
    if (answer && answer.error) return refusalText(answer.error);
  } catch { /* not JSON */ }
  return t('err_http', { status: r.status });
}

/** Fetches `url` with `key` as a bearer and saves the answer as `filename`; throws the refusal, translated. */
export async function download(url, key, filename) {
  const r = await fetch(url, { headers: { Authorization: `Bearer ${key}` } });
  if (!r.ok) throw new Error(await refusalOf(r));
  const href = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has taken the file by the next turn of the event loop.
  setTimeout(() => URL.revokeObjectURL(href), 0);
}

/** The export URL of a workshop in a format (md, html, docx, csv, csv?table=next_steps, xlsx,
 * json); it carries no key. */
export function exportUrl(workshop, ext) {
  return `/api/workshops/${workshop}/export.${ext}`;
}
