// The listing of the current folder: pages fetched with the API's cursor (never more than one request per page),
// rows rendered incrementally, sorted on the client, and updated in place after uploads and deletes. The main page
// lists the files API; the share view lists a link's folder through the same code.

import { ApiError, deleteFile, listFolder } from './api.js';
import { announce } from './announce.js';
import { copyText } from './clipboard.js';
import { compareCodePoints, visibleName } from './format.js';
import { DEFAULT_ACTIONS, fileEntry, folderEntry, rowOf } from './rows.js';

const collator = new Intl.Collator();
const byName = (a, b) => compareCodePoints(a.name, b.name);
// Folders have no size, type or date: they sort by name (and always come first).
const COMPARATORS = {
  name: byName,
  size: (a, b) => (a.size ?? -1) - (b.size ?? -1) || byName(a, b),
  type: (a, b) => collator.compare(a.type ?? '', b.type ?? '') || byName(a, b),
  date: (a, b) => (a.time ?? 0) - (b.time ?? 0) || byName(a, b),
};

/** The listing's elements, by the ids index.html and share.html both give them, plus the page's `extra` ones. */
export function listingUi(extra = {}) {
  const byId = (id) => document.getElementById(id);
  return {
    table: byId('listing'),
    rows: byId('rows'),
    heading: byId('folder-heading'),
    count: byId('count'),
    empty: byId('empty'),
    error: byId('listing-error'),
    loadMore: byId('load-more'),
    ...extra,
  };
}

/**
 * Returns `{open(folder), reload(), upsert(fileInfo)}` and, for the page's file actions, `{folder(), entry(key),
 * shown(), drop(key), addFolder(prefix)}`; `ui` holds the table's elements (the sort controls are optional). Rows
 * offer delete only when `canWrite`, "Share" only with an `onShare(entry, button)`, and "Copy link" unless `canCopy`
 * is false. `list(folder, {limit, cursor})` fetches a page and `fileUrl` locates a file (the files API by default);
 * `onListError(error)` may take a failed listing over by returning true. The main page's extras: `zipUrl` (a ZIP
 * download on folder rows), `select` (checkboxes), and `onRowAction(action, entry, button)`, which gets every row
 * action the listing does not handle itself (the menu, a folder's delete) and makes rows draggable; `onChange()` runs
 * whenever the rows shown change.
 */
export function createBrowser(ui, pageSize, {
  canWrite = true, onShare = null, canCopy = true, list = listFolder, fileUrl = DEFAULT_ACTIONS.fileUrl,
  onListError = () => false, zipUrl = null, select = false, onRowAction = null, onChange = () => {},
} = {}) {
  const actions = { write: canWrite, share: Boolean(onShare), copy: canCopy, fileUrl, zipUrl, select,
    manage: Boolean(onRowAction) };
  const sortButtons = ui.sortButtons ?? [];
  const entries = new Map();
  let shown = [];
  let folder = '';
  let cursor = null;
  let loading = false;
  let generation = 0;
  let sort = { column: 'name', direction: 1 };

  // An explicit button rather than loading on scroll: a long folder never fetches pages nobody asked for.
  ui.loadMore.addEventListener('click', () => loadPage());
  sortButtons.forEach((button) => button.addEventListener('click', () => {
    const column = button.dataset.sort;
    setSort(column, sort.column === column ? -sort.direction : 1);
  }));
  ui.sortSelect?.addEventListener('change', () => {
    const [column, direction] = ui.sortSelect.value.split(':');
    setSort(column, Number(direction));
  });
  ui.rows.addEventListener('click', onAction);

  function open(next) {
    folder = next;
    generation++;
    entries.clear();
    shown = [];
    cursor = null;
    loading = false;
    ui.rows.replaceChildren();
    ui.error.hidden = true;
    updateFooter();
    onChange();
    return loadPage(true);
  }

  async function loadPage(first = false) {
    if (loading || (!first && !cursor)) return;
    loading = true;
    const ticket = generation;
    ui.table.setAttribute('aria-busy', 'true');
    updateFooter();
    try {
      const page = await list(folder, { limit: pageSize, cursor });
      if (ticket !== generation) return;
      page.prefixes.forEach((prefix) => add(folderEntry(prefix, folder)));
      page.items.forEach((info) => add(fileEntry(info)));
      cursor = page.nextCursor;
      render();
    } catch (error) {
      if (ticket !== generation || onListError(error)) return;
      ui.error.textContent = `Could not list this folder: ${error.message}`;
      ui.error.hidden = false;
    } finally {
      if (ticket === generation) {
        loading = false;
        ui.table.setAttribute('aria-busy', 'false');
        updateFooter();
      }
    }
  }

  /** Keeps an entry already known (an upload may have put it there before its page arrived). */
  function add(entry) {
    if (!entries.has(entry.key)) entries.set(entry.key, entry);
  }

  /** Shows an uploaded file at once: as a row here, or as the sub-folder it went into. */
  function upsert(info) {
    if (!info.key.startsWith(folder)) return;
    const rest = info.key.slice(folder.length);
    const slash = rest.indexOf('/');
    if (slash >= 0) {
      add(folderEntry(folder + rest.slice(0, slash + 1), folder));
    } else {
      const old = entries.get(info.key);
      if (old) {
        old.row?.remove();
        shown = shown.filter((entry) => entry !== old);
      }
      entries.set(info.key, fileEntry(info));
    }
    render();
    updateFooter();
  }

  function render() {
    const compare = COMPARATORS[sort.column];
    const sorted = [...entries.values()].sort((a, b) => {
      if (a.kind !== b.kind) return a.kind === 'folder' ? -1 : 1;
      return sort.direction * compare(a, b);
    });
    // A new page usually sorts after what is shown: append it instead of moving every row.
    const appending = shown.every((entry, i) => sorted[i] === entry);
    const fragment = document.createDocumentFragment();
    sorted.slice(appending ? shown.length : 0).forEach((entry) => fragment.append(rowOf(entry, actions)));
    if (appending) {
      ui.rows.append(fragment);
    } else {
      ui.rows.replaceChildren(fragment);
    }
    shown = sorted;
    onChange();
  }

  function setSort(column, direction) {
    sort = { column, direction };
    sortButtons.forEach((button) => {
      const th = button.closest('th');
      if (button.dataset.sort === column) {
        th.setAttribute('aria-sort', direction > 0 ? 'ascending' : 'descending');
      } else {
        th.removeAttribute('aria-sort');
      }
    });
    if (ui.sortSelect) ui.sortSelect.value = `${column}:${direction}`;
    render();
  }

  function updateFooter() {
    let folders = 0;
    entries.forEach((entry) => { if (entry.kind === 'folder') folders++; });
    const files = entries.size - folders;
    ui.empty.hidden = loading || entries.size > 0 || !ui.error.hidden;
    ui.count.textContent = loading && entries.size === 0 ? 'Loading…'
      : `${count(folders, 'folder')} · ${count(files, 'file')}${cursor ? ' shown, more to load' : ''}`;
    ui.loadMore.hidden = !cursor;
    ui.loadMore.disabled = loading;
    ui.loadMore.textContent = loading ? 'Loading…' : 'Load more';
  }

  async function onAction(event) {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const key = button.closest('tr').dataset.key;
    const entry = entries.get(key);
    if (!entry) return;
    if (button.dataset.action === 'copy') {
      const copied = await copyText(new URL(fileUrl(key), location.href).href);
      if (copied) announce(`Link to ${entry.name} copied.`, 'success');
    } else if (button.dataset.action === 'delete' && canWrite && entry.kind === 'file') {
      await remove(entry, button);
    } else if (button.dataset.action === 'share' && onShare) {
      onShare(entry, button);
    } else if (onRowAction) {
      onRowAction(button.dataset.action, entry, button);
    }
  }

  async function remove(entry, button) {
    if (!window.confirm(`Delete “${visibleName(entry.name)}”? This cannot be undone.`)) return;
    button.disabled = true;
    try {
      await deleteFile(entry.key);
      announce(`Deleted ${entry.name}.`, 'success');
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) {
        button.disabled = false;
        announce(`Could not delete ${entry.name}: ${error.message}`, 'error');
        return;
      }
      announce(`${entry.name} was already gone.`, 'info');
    }
    drop(entry.key);
  }

  /** Takes the row of `key` out of the listing (deleted, or moved elsewhere). */
  function drop(key) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    shown = shown.filter((other) => other !== entry);
    if (entry.row) {
      // Keep keyboard users in the list: focus moves to the neighbouring row rather than falling back to the page.
      const neighbour = entry.row.nextElementSibling || entry.row.previousElementSibling;
      const hadFocus = entry.row.contains(document.activeElement) || entry.row === document.activeElement;
      entry.row.remove();
      if (hadFocus) (neighbour?.querySelector('a.name') || ui.heading).focus();
    }
    updateFooter();
    onChange();
  }

  /** Shows a folder made or moved here (`prefix` ends in "/", directly under the folder shown). */
  function addFolder(prefix) {
    if (!prefix.startsWith(folder) || prefix === folder) return;
    const rest = prefix.slice(folder.length);
    add(folderEntry(folder + rest.slice(0, rest.indexOf('/') + 1), folder));
    render();
    updateFooter();
  }

  return { open, reload: () => open(folder), upsert, drop, addFolder, folder: () => folder,
    entry: (key) => entries.get(key), shown: () => shown };
}

function count(n, noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
