// The folder picker of "Move…" and "Copy…": a modal dialog that browses folders only (a path of buttons to go up, a
// list of sub-folders to open), starting in the folder shown, with the choice of what to do when a name is taken.
// Folders being moved cannot be entered (nothing moves into itself), and a user confined to a home folder never
// sees above it.

import { listFolder } from './api.js';
import { visibleName } from './format.js';

const PAGE = 200;
const $ = (selector) => document.querySelector(selector);

/** Returns `{choose({title, verb, start, items, move, opener})}`, a promise of `{folder, conflict}` or null. */
export function createFolderPicker({ home = '' } = {}) {
  const dialog = $('#folder-dialog');
  const form = $('#folder-form');
  const list = $('#folder-list');
  const path = $('#folder-path');
  const error = $('#folder-error');
  const more = $('#folder-more');
  const submit = $('#folder-submit');
  let current = home;
  let cursor = null;
  let ticket = 0;
  let request = null;
  let resolve = null;

  dialog.querySelectorAll('[data-close]').forEach((button) => button.addEventListener('click', () => dialog.close()));
  dialog.addEventListener('close', () => {
    request?.opener?.focus();
    resolve?.(dialog.returnValue === 'ok' ? { folder: current, conflict: $('#folder-conflict').value } : null);
    resolve = null;
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    dialog.close('ok');
  });
  more.addEventListener('click', () => load(false));
  // Focus stays in the dialog when a folder is opened: on the list's first button, else on the path.
  list.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-prefix]');
    if (button) go(button.dataset.prefix, true);
  });
  path.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-prefix]');
    if (button) go(button.dataset.prefix, true);
  });

  function choose(next) {
    request = next;
    $('#folder-title').textContent = next.title;
    submit.textContent = next.verb;
    $('#folder-conflict').value = next.conflict ?? 'fail';
    dialog.returnValue = '';
    dialog.showModal();
    go(next.start.startsWith(home) ? next.start : home, false);
    return new Promise((done) => { resolve = done; });
  }

  function go(folder, focusList) {
    current = folder;
    cursor = null;
    renderPath();
    list.replaceChildren();
    // A folder cannot go into itself or into a folder inside it, and a move to where it already is does nothing.
    const inside = request.items.some((item) => item.kind === 'folder' && folder.startsWith(item.key));
    const already = request.move && request.items.every((item) => parentOf(item.key) === folder);
    submit.disabled = inside || already;
    $('#folder-why').textContent = inside ? 'A folder cannot go into itself.'
      : already ? 'Already in this folder.' : '';
    return load(true).then(() => {
      if (!focusList) return;
      // Only where focus was lost (the opened folder's button is gone) or still is: a user who moved on while the
      // folder loaded, to the conflict choice or the submit button, keeps the focus they chose.
      const active = document.activeElement;
      if (active && active !== document.body && !list.contains(active) && !path.contains(active)) return;
      (list.querySelector('button') || path.querySelector('[aria-current]')).focus();
    });
  }

  async function load(first) {
    const mine = ++ticket;
    error.textContent = '';
    more.disabled = true;
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await listFolder(current, { limit: PAGE, cursor: first ? null : cursor });
      if (mine !== ticket) return;
      cursor = page.nextCursor;
      list.append(...page.prefixes.map(folderButton));
      if (first && page.prefixes.length === 0 && !cursor) {
        const none = document.createElement('li');
        none.className = 'hint';
        none.textContent = 'No folders in here.';
        list.append(none);
      }
    } catch (failure) {
      if (mine === ticket) error.textContent = `Could not list this folder: ${failure.message}`;
    } finally {
      if (mine === ticket) {
        more.hidden = !cursor;
        more.disabled = false;
        list.setAttribute('aria-busy', 'false');
      }
    }
  }

  function folderButton(prefix) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'folder-choice';
    button.dataset.prefix = prefix;
    const name = visibleName(prefix.slice(current.length, -1));
    button.innerHTML = '<span class="icon icon-folder" aria-hidden="true"></span><span class="label"></span>';
    button.querySelector('.label').textContent = name;
    button.setAttribute('aria-label', `Open ${name}`);
    // The folders being moved are shown (they are there) but cannot be entered.
    button.disabled = request.items.some((entry) => entry.kind === 'folder' && entry.key === prefix);
    item.append(button);
    return item;
  }

  function renderPath() {
    const segments = current.split('/').filter(Boolean);
    const skip = home.split('/').filter(Boolean).length;
    const crumbs = [[skip ? segments[skip - 1] : 'All files', home]];
    segments.forEach((segment, i) => {
      if (i >= skip) crumbs.push([segment, `${segments.slice(0, i + 1).join('/')}/`]);
    });
    path.replaceChildren(...crumbs.map(([label, prefix], i) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.prefix = prefix;
      button.textContent = visibleName(label);
      if (i === crumbs.length - 1) button.setAttribute('aria-current', 'location');
      item.append(button);
      return item;
    }));
  }

  return { choose };
}

/** The folder that holds `key` (a file, or a folder ending in "/"): "" at the top. */
export function parentOf(key) {
  const trimmed = key.endsWith('/') ? key.slice(0, -1) : key;
  const slash = trimmed.lastIndexOf('/');
  return slash < 0 ? '' : trimmed.slice(0, slash + 1);
}
