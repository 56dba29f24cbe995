// share.html: what someone without an account sees when they open a share link (/s/<token>). The link's token is
// their only credential: no session, no cookie is needed. A read link to a folder shows a listing to browse (paged
// with the API's cursor) and download from; an upload link ("file request") shows only a drop zone: the holder never
// sees what is in the folder. An expired, revoked or damaged link shows why it does not work.

import { ApiError, shareLinkApi } from './api.js';
import { initAnnouncer } from './announce.js';
import { formatBytes, formatDate, formatDay, typeLabel, visibleName } from './format.js';
import { icon } from './icons.js';
import { acceptFiles } from './pickers.js';
import { currentFolder, folderHash, pageSize } from './route.js';
import { createUploader } from './upload.js';

const DEFAULT_PAGE_SIZE = 200;
const $ = (selector) => document.querySelector(selector);

initAnnouncer($('#status'), $('#toast'));

/** The token from /s/<token> (or ?token= when share.html is opened directly). */
function tokenOfPage() {
  const match = location.pathname.match(/^\/s\/([^/]+)/);
  if (match) return decodeURIComponent(match[1]);
  return new URLSearchParams(location.search).get('token') || '';
}

const token = tokenOfPage();
const api = shareLinkApi(token);
open();

async function open() {
  if (!token) {
    showError(null);
    return;
  }
  let link;
  try {
    link = await whatLink();
  } catch (error) {
    showError(error);
    return;
  }
  $('#share-loading').hidden = true;
  if (link.permission === 'upload') {
    showUpload();
  } else {
    showFolder();
  }
}

/**
 * What the link allows: `{permission}`. The server has no endpoint that describes a link, so
 * the page asks for a listing: a read link answers it, an upload link is refused with "does not allow that" (every
 * refusal is a 403 `forbidden`; only the detail tells them apart), and anything else is a link that does not work.
 */
async function whatLink() {
  try {
    await api.list('', { limit: 1 });
    return { permission: 'read' };
  } catch (error) {
    if (error.status === 403 && /does not allow/i.test(error.problem?.detail ?? '')) return { permission: 'upload' };
    throw error;
  }
}

// Why a link does not work: the server's own words (its 403 detail says expired, revoked or not valid).
function showError(error) {
  $('#share-loading').hidden = true;
  for (const id of ['#share-read', '#share-upload']) $(id).hidden = true;
  $('#share-error').hidden = false;
  let reason;
  if (!error) {
    reason = 'This address has no link in it.';
  } else if (error instanceof ApiError && error.status === 0) {
    $('#error-heading').textContent = 'The server could not be reached';
    reason = 'Check your connection and reload the page.';
  } else {
    reason = error.problem?.detail || 'This link is not valid, has expired or was revoked.';
  }
  $('#error-detail').textContent = reason;
  document.title = 'Link not working · Sluice';
  $('#error-heading').focus();
}

// A read link to a folder: browse below the shared prefix, download files.

function showFolder() {
  $('#share-read').hidden = false;
  // Keys and sub-folders arrive relative to the shared folder, whose own name the link does not tell.
  const root = '';
  const rootName = 'Shared folder';
  const size = pageSize(DEFAULT_PAGE_SIZE);
  let folder = '';
  let cursor = null;
  let generation = 0;
  let shown = 0;

  $('#load-more').addEventListener('click', () => loadPage());
  window.addEventListener('hashchange', () => {
    openFolder();
    $('#folder-heading').focus({ preventScroll: true });
  });
  openFolder();

  function openFolder() {
    folder = currentFolder();
    generation++;
    cursor = null;
    shown = 0;
    $('#rows').replaceChildren();
    $('#listing-error').hidden = true;
    const segments = folder.split('/').filter(Boolean);
    const name = segments.length ? segments[segments.length - 1] : rootName;
    $('#folder-heading').textContent = visibleName(name);
    document.title = `${visibleName(name)} · shared with you · Sluice`;
    renderCrumbs(rootName, segments);
    loadPage(true);
  }

  async function loadPage(first = false) {
    if (!first && !cursor) return;
    const ticket = generation;
    $('#listing').setAttribute('aria-busy', 'true');
    $('#load-more').disabled = true;
    try {
      const page = await api.list(folder, { limit: size, cursor });
      if (ticket !== generation) return;
      const rows = document.createDocumentFragment();
      page.prefixes.forEach((prefix) => rows.append(folderRow(relative(prefix, root), folder)));
      page.items.forEach((info) => rows.append(fileRow(info, relative(info.key, root))));
      shown += page.prefixes.length + page.items.length;
      $('#rows').append(rows);
      cursor = page.nextCursor;
    } catch (error) {
      if (ticket !== generation) return;
      if (error.status === 403 || error.status === 401) {
        showError(error);
        return;
      }
      $('#listing-error').textContent = `Could not list this folder: ${error.message}`;
      $('#listing-error').hidden = false;
    } finally {
      if (ticket === generation) {
        $('#listing').setAttribute('aria-busy', 'false');
        $('#load-more').hidden = !cursor;
        $('#load-more').disabled = false;
        $('#empty').hidden = shown > 0 || !$('#listing-error').hidden;
        $('#count').textContent = `${shown} ${shown === 1 ? 'entry' : 'entries'}${cursor ? ' shown, more to load' : ''}`;
      }
    }
  }

  function fileRow(info, rest) {
    const row = document.createElement('tr');
    row.className = 'file';
    row.setAttribute('role', 'row');
    row.innerHTML = `
      <td role="cell" class="name-cell">
        <a class="name" target="_blank" rel="noopener">${icon('file')}<span class="label"></span></a>
        <span class="meta-inline"></span>
      </td>
      <td role="cell" class="size"></td><td role="cell" class="type"></td>
      <td role="cell" class="date"><time></time></td>
      <td role="cell" class="actions"><a class="icon-button" data-action="download" download>${icon('download')}</a></td>`;
    const name = row.querySelector('a.name');
    name.href = api.fileUrl(rest);
    name.title = `Open ${info.name} in a new tab`;
    name.querySelector('.label').textContent = visibleName(info.name);
    row.querySelector('.meta-inline').textContent = `${formatBytes(info.size)} · ${formatDay(info.lastModified)}`;
    row.querySelector('.size').textContent = formatBytes(info.size);
    row.querySelector('.type').textContent = typeLabel(info.contentType, info.name);
    const time = row.querySelector('time');
    time.dateTime = info.lastModified;
    time.textContent = formatDate(info.lastModified);
    const download = row.querySelector('[data-action=download]');
    download.href = api.fileUrl(rest, { download: true });
    download.setAttribute('aria-label', `Download ${info.name}`);
    download.title = 'Download';
    return row;
  }
}

/** `key` relative to the shared prefix: listings name keys in full, share URLs take the rest. */
function relative(key, root) {
  return key.startsWith(root) ? key.slice(root.length) : key;
}

function folderRow(rest, folder) {
  const row = document.createElement('tr');
  row.className = 'folder';
  row.setAttribute('role', 'row');
  row.innerHTML = `
    <td role="cell" class="name-cell"><a class="name">${icon('folder')}<span class="label"></span></a></td>
    <td role="cell" class="size"></td><td role="cell" class="type">Folder</td><td role="cell" class="date"></td>
    <td role="cell" class="actions"></td>`;
  const link = row.querySelector('a');
  link.href = folderHash(rest);
  link.querySelector('.label').textContent = visibleName(rest.slice(folder.length, -1));
  return row;
}

function renderCrumbs(rootName, segments) {
  const items = [crumb(rootName, '', segments.length === 0)];
  segments.forEach((segment, i) => {
    items.push(crumb(segment, `${segments.slice(0, i + 1).join('/')}/`, i === segments.length - 1));
  });
  $('#crumbs').replaceChildren(...items);
}

function crumb(label, folder, current) {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = folderHash(folder);
  link.textContent = visibleName(label);
  if (current) link.setAttribute('aria-current', 'page');
  item.append(link);
  return item;
}

// An upload link: a drop zone and the upload list, nothing of what is there.

function showUpload() {
  $('#share-upload').hidden = false;
  document.title = 'Send files · Sluice';

  const uploader = createUploader({
    panel: $('#uploads'),
    list: $('#upload-list'),
    total: $('#upload-total'),
    cancelAll: $('#cancel-all'),
    clearFinished: $('#clear-finished'),
    // The server's limits need an account to read: the server refuses a file that is too large, and says so.
    limits: Promise.resolve(null),
    onStored: () => {},
    // The stored name is not shown: that a name was taken is a fact about the folder, which this view never tells.
    send: (file, prefix, { onProgress }) => {
      const handle = api.upload(file, { onProgress });
      return { promise: handle.promise.then(() => null), abort: handle.abort };
    },
  });

  // Files dropped with their folders arrive flat: an upload link stores every file directly in its folder.
  acceptFiles((entries) => uploader.add(entries, '', 'rename'));
  $('#upload-heading').focus({ preventScroll: true });
}
