// How a list of themes fits a projector: the largest type that shows them all on one page, or,
// past the smallest readable size, pages that turn on a timer.

/** Type sizes tried, largest first; the last is the readable minimum from the back of a hall. */
export const WALL_FONT_SIZES = [56, 48, 40, 34, 28];
/** How long a page of themes stays up before the next. */
export const WALL_PAGE_MS = 8000;
/** Lines a theme title takes at most (longer ones are cut with an ellipsis). */
export const WALL_MAX_LINES = 3;

/** Columns for a viewport width. */
export function wallColumns(width) {
  if (width >= 1600) return 3;
  if (width >= 1000) return 2;
  return 1;
}

function itemHeight(title, font, columnWidth, extra) {
  // An average glyph is about 0.55 em wide; guessing high only leaves a little room unused.
  const perLine = Math.max(8, Math.floor(columnWidth / (font * 0.55)));
  const lines = Math.min(WALL_MAX_LINES, Math.max(1, Math.ceil(title.length / perLine)));
  return lines * font * 1.25 + font * 0.6 + extra;
}

/** Splits `themes` into pages of columns at `font`; each page is a list of themes. */
function paginate(themes, font, box, extra) {
  const pages = [];
  let page = [];
  let column = 0;
  let used = 0;
  for (const th of themes) {
    const h = itemHeight(th.title, font, box.columnWidth, extra);
    if (used + h > box.height && used > 0) {
      column += 1;
      used = 0;
      if (column === box.columns) {
        pages.push(page);
        page = [];
        column = 0;
      }
    }
    page.push(th);
    used += h;
  }
  if (page.length || !pages.length) pages.push(page);
  return pages;
}

/**
 * The layout of `themes` in a box of `width` × `height` pixels: { font, columns, pages }: the
 * largest type, in as few columns as the width allows, that shows every theme on one page; past
 * the smallest type, pages of the most columns. `extra` is the height each item needs beyond its
 * title (a vote bar).
 */
export function fitThemes(themes, width, height, extra = 0) {
  const most = wallColumns(width);
  const gap = 48;
  const box = (columns) => ({ columns, height, columnWidth: (width - gap * (columns - 1)) / columns - 60 });
  for (const font of WALL_FONT_SIZES) {
    for (let columns = 1; columns <= most; columns += 1) {
      const pages = paginate(themes, font, box(columns), extra);
      if (pages.length === 1) return { font, columns, pages };
    }
  }
  const font = WALL_FONT_SIZES[WALL_FONT_SIZES.length - 1];
  return { font, columns: most, pages: paginate(themes, font, box(most), extra) };
}

/** The short code grouped for reading aloud: "482913" → "482 913". */
export function groupedCode(code) {
  return code ? code.replace(/^(\d{3})(\d+)$/, '$1 $2') : '';
}
