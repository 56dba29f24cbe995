// One table row per folder or file: name (a folder link, or the file opened inline in a new tab), size, type, date,
// and the actions (a file's download, copy link and delete; share for both; on the main page a folder's ZIP download,
// its delete, and for writers a menu of rename, move and copy), which the listing handles by delegation. Actions the
// user may not take are not rendered at all (a reader gets no delete button, the holder of a share link only
// downloads). With `select`, a row starts with its selection checkbox. Used by the main page and the share view
// alike. The roles are explicit because the stylesheet lays rows out as grids, which would otherwise cost the table
// its semantics.

import { fileUrl } from './api.js';
import { formatBytes, formatDate, formatDay, typeLabel, visibleName } from './format.js';
import { icon } from './icons.js';
import { folderHash } from './route.js';

/** A folder entry from a listing's prefix ("photos/2026/"). */
export function folderEntry(prefix, folder) {
  return { kind: 'folder', key: prefix, name: prefix.slice(folder.length, -1) };
}

/** A file entry from a listing's FileInfo. */
export function fileEntry(info) {
  // The sort keys are computed once here: a comparator that parsed dates would make sorting 10,000 rows take seconds.
  return { kind: 'file', key: info.key, name: info.name, size: info.size, contentType: info.contentType,
    lastModified: info.lastModified, time: Date.parse(info.lastModified) || 0,
    type: typeLabel(info.contentType, info.name) };
}

/**
 * What a row offers unless told otherwise; `fileUrl(key, {download})` is where a file's content is, `zipUrl(prefix)`
 * (when given) where a folder's ZIP is; `manage` adds a folder's delete and the menu of rename, move and copy, and
 * makes rows draggable; `select` adds the checkbox.
 */
export const DEFAULT_ACTIONS = { write: true, share: false, copy: true, fileUrl, zipUrl: null, manage: false,
  select: false };

/**
 * The row of `entry`, made once and kept on it, so that sorting only moves rows. `actions` says which of the
 * optional actions to offer (`{write, share, copy}`) and where files are (`fileUrl`); missing ones are the defaults.
 */
export function rowOf(entry, actions = DEFAULT_ACTIONS) {
  actions = { ...DEFAULT_ACTIONS, ...actions };
  if (!entry.row) entry.row = entry.kind === 'folder' ? folderRow(entry, actions) : fileRow(entry, actions);
  return entry.row;
}

const SHARE_BUTTON = `<button type="button" class="icon-button" data-action="share">${icon('share')}</button>`;
const DELETE_BUTTON = `<button type="button" class="icon-button danger" data-action="delete">${icon('trash')}</button>`;
const MENU_BUTTON = `<button type="button" class="icon-button" data-action="menu" aria-haspopup="menu"
  aria-expanded="false">${icon('more')}</button>`;
const SELECT_CELL = '<td role="cell" class="select"><input type="checkbox" class="select-row"></td>';

function folderRow(entry, actions) {
  const row = document.createElement('tr');
  row.className = 'folder';
  row.setAttribute('role', 'row');
  row.dataset.key = entry.key;
  row.innerHTML = `${actions.select ? SELECT_CELL : ''}
    <td role="cell" class="name-cell"><a class="name">${icon('folder')}<span class="label"></span></a></td>
    <td role="cell" class="size"></td><td role="cell" class="type">Folder</td><td role="cell" class="date"></td>
    <td role="cell" class="actions">
      ${actions.zipUrl ? `<a class="icon-button" data-action="zip" download>${icon('zip')}</a>` : ''}
      ${actions.share ? SHARE_BUTTON : ''}
      ${actions.write && actions.manage ? DELETE_BUTTON : ''}
      ${actions.write && actions.manage ? MENU_BUTTON : ''}
    </td>`;
  const link = row.querySelector('a.name');
  link.href = folderHash(entry.key);
  link.querySelector('.label').textContent = visibleName(entry.name);
  const name = visibleName(entry.name);
  if (actions.zipUrl) {
    const zip = row.querySelector('[data-action=zip]');
    zip.href = actions.zipUrl(entry.key);
    label(zip, `Download ${name} as ZIP`, 'Download as ZIP');
  }
  if (actions.share) label(row.querySelector('[data-action=share]'), `Share ${name}`, 'Share');
  if (actions.write && actions.manage) {
    label(row.querySelector('[data-action=delete]'), `Delete folder ${name}`, 'Delete folder');
    label(row.querySelector('[data-action=menu]'), `More actions for ${name}`, 'More actions');
  }
  finishRow(row, entry, actions);
  return row;
}

function fileRow(entry, actions) {
  const row = document.createElement('tr');
  row.className = 'file';
  row.setAttribute('role', 'row');
  row.dataset.key = entry.key;
  const size = formatBytes(entry.size);
  const date = formatDate(entry.lastModified);
  row.innerHTML = `${actions.select ? SELECT_CELL : ''}
    <td role="cell" class="name-cell">
      <a class="name" target="_blank" rel="noopener">${icon('file')}<span class="label"></span></a>
      <span class="meta-inline"></span>
    </td>
    <td role="cell" class="size"></td>
    <td role="cell" class="type"></td>
    <td role="cell" class="date"><time></time></td>
    <td role="cell" class="actions">
      <a class="icon-button" data-action="download" download>${icon('download')}</a>
      ${actions.copy ? `<button type="button" class="icon-button" data-action="copy">${icon('link')}</button>` : ''}
      ${actions.share ? SHARE_BUTTON : ''}
      ${actions.write ? DELETE_BUTTON : ''}
      ${actions.write && actions.manage ? MENU_BUTTON : ''}
    </td>`;
  const name = row.querySelector('a.name');
  name.href = actions.fileUrl(entry.key);
  name.title = `Open ${visibleName(entry.name)} in a new tab`;
  name.querySelector('.label').textContent = visibleName(entry.name);
  row.querySelector('.meta-inline').textContent = `${size} · ${formatDay(entry.lastModified)}`;
  row.querySelector('.size').textContent = size;
  row.querySelector('.size').dataset.bytes = String(entry.size);
  const type = row.querySelector('.type');
  type.textContent = entry.type;
  type.title = type.textContent;
  const time = row.querySelector('time');
  time.dateTime = entry.lastModified;
  time.textContent = date;
  label(row.querySelector('[data-action=download]'), `Download ${visibleName(entry.name)}`, 'Download');
  row.querySelector('[data-action=download]').href = actions.fileUrl(entry.key, { download: true });
  if (actions.copy) label(row.querySelector('[data-action=copy]'), `Copy link to ${visibleName(entry.name)}`, 'Copy link');
  if (actions.share) label(row.querySelector('[data-action=share]'), `Share ${visibleName(entry.name)}`, 'Share');
  if (actions.write) label(row.querySelector('[data-action=delete]'), `Delete ${visibleName(entry.name)}`, 'Delete');
  if (actions.write && actions.manage) {
    label(row.querySelector('[data-action=menu]'), `More actions for ${visibleName(entry.name)}`, 'More actions');
  }
  finishRow(row, entry, actions);
  return row;
}

/** What folder and file rows share: the checkbox's name, and dragging for those who may move things. */
function finishRow(row, entry, actions) {
  if (actions.select) row.querySelector('.select-row').setAttribute('aria-label', `Select ${visibleName(entry.name)}`);
  if (actions.write && actions.manage) row.draggable = true;
}

function label(element, name, tooltip) {
  element.setAttribute('aria-label', name);
  element.title = tooltip;
}
