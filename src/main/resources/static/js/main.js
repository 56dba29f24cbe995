// Wires the page together: who is using it (session.js), where we are (the hash), the upload area, the listing, and
// share links.

import { fetchLimits, uploadFile, zipUrl } from './api.js';
import { forgetUpload, matchesFile, resumableSender, unfinishedUploads, uploadOffset } from './resumable.js';
import { announce, initAnnouncer } from './announce.js';
import { createBrowser, listingUi } from './browse.js';
import { renderCrumbs } from './crumbs.js';
import { enableDragMove } from './drag-move.js';
import { createFileActions } from './file-actions.js';
import { createFolderPicker } from './folder-picker.js';
import { formatBytes, visibleName } from './format.js';
import { acceptFiles } from './pickers.js';
import { adoptPrefixParameter, currentFolder, folderHash, pageSize } from './route.js';
import { createRowMenu } from './row-menu.js';
import { createSelection } from './selection.js';
import { abilitiesOf, startSession } from './session.js';
import { createShareDialog } from './share-dialog.js';
import { createSharesList } from './shares.js';
import { createTaskList } from './tasks.js';
import { createUploader, uploadPanelUi } from './upload.js';

const DEFAULT_PAGE_SIZE = 200;
const $ = (selector) => document.querySelector(selector);

initAnnouncer($('#status'), $('#toast'));
adoptPrefixParameter();
startSession(start);

/** Shows the files to `me`, with only the controls `me` may use. */
function start(me) {
  const can = abilitiesOf(me);
  $('#files-view').hidden = false;
  $('#uploader').hidden = !can.write;
  $('#read-only').hidden = can.write;
  document.body.classList.toggle('read-only', !can.write);

  const shareDialog = can.share ? createShareDialog({ canUpload: can.write }) : null;
  if (can.share) {
    const list = createSharesList({ admin: can.admin });
    $('#open-shares').hidden = false;
    $('#open-shares').addEventListener('click', () => list.open($('#open-shares')));
  }

  // The listing, its selection and the file actions refer to each other: the callbacks are bound once all exist.
  let selection = null;
  let onRowAction = null;
  const browser = createBrowser(listingUi({
    sortButtons: document.querySelectorAll('#listing th button[data-sort]'),
    sortSelect: $('#sort-select'),
  }), pageSize(DEFAULT_PAGE_SIZE), {
    canWrite: can.write, onShare: shareDialog?.open, zipUrl, select: true,
    onRowAction: can.write ? (...args) => onRowAction(...args) : null,
    onChange: () => selection?.update(),
  });
  selection = createSelection({ rows: $('#rows'), all: $('#select-all'), bar: $('#selection-bar'),
    count: $('#selection-count'), clear: $('#selection-clear') }, browser);
  onRowAction = startFileActions(browser, selection, can);

  if (can.write) startUploads(browser);

  if (shareDialog) {
    $('#share-folder').addEventListener('click', () => {
      const folder = currentFolder();
      shareDialog.open({ kind: 'folder', key: folder, name: folderName(folder) }, $('#share-folder'));
    });
  }

  function showFolder() {
    const folder = currentFolder();
    // A user with a home folder sees nothing above it: the server would refuse (403) anyway.
    if (can.home && !folder.startsWith(can.home)) {
      location.replace(folderHash(can.home));
      return Promise.resolve();
    }
    const segments = folder.split('/').filter(Boolean);
    const name = visibleName(folderName(folder));
    $('#folder-heading').textContent = name;
    $('#drop-target').textContent = segments.length ? `“${name}”` : 'the top folder';
    // The top folder cannot be shared as a whole: a share link names a folder or a file.
    $('#share-folder').hidden = !shareDialog || folder === '';
    $('#zip-folder').href = zipUrl(folder);
    $('#zip-folder').setAttribute('aria-label', segments.length ? `Download ${name} as ZIP` : 'Download all files as ZIP');
    document.title = `${name} · Sluice`;
    renderCrumbs($('#crumbs'), folder, can.home);
    return browser.open(folder);
  }

  $('#refresh').addEventListener('click', () => browser.reload());
  window.addEventListener('hashchange', () => {
    showFolder();
    // A new folder is a new "page" for screen readers and keyboards: start from its heading.
    $('#folder-heading').focus({ preventScroll: true });
  });
  showFolder();
}

function folderName(folder) {
  const segments = folder.split('/').filter(Boolean);
  return segments.length ? segments[segments.length - 1] : 'All files';
}

/**
 * The selection's buttons for everyone (ZIP), and for writers new folder, the rows' menus and deletes, moving by
 * drag and drop. Returns the listing's `onRowAction`.
 */
function startFileActions(browser, selection, can) {
  const actions = createFileActions({ browser, tasks: createTaskList($('#tasks')),
    picker: createFolderPicker({ home: can.home }), canWrite: can.write });
  $('#selection-zip').addEventListener('click', () => actions.zipSelection(selection.selected()));
  // The ZIP links stay links (a new tab, "Save link as" work), but a plain click goes through the task list.
  const zipClick = (event, prefix) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    actions.zipFolder(prefix);
  };
  $('#zip-folder').addEventListener('click', (event) => zipClick(event, currentFolder()));
  $('#rows').addEventListener('click', (event) => {
    const link = event.target.closest('a[data-action=zip]');
    if (link) zipClick(event, link.closest('tr').dataset.key);
  });
  if (!can.write) return () => {};

  $('#new-folder').addEventListener('click', () => actions.newFolder($('#new-folder')));
  $('#selection-move').addEventListener('click', () => actions.move(selection.selected(), $('#selection-move')));
  $('#selection-copy').addEventListener('click', () => actions.copy(selection.selected(), $('#selection-copy')));
  $('#selection-delete').addEventListener('click', () => actions.removeSelection(selection.selected()));
  const menu = createRowMenu($('#row-menu'), (action, entry, button) => {
    if (action === 'rename') actions.rename(entry);
    else if (action === 'move') actions.move([entry], button);
    else if (action === 'copy') actions.copy([entry], button);
  });
  enableDragMove({
    rows: $('#rows'),
    crumbs: $('#crumbs'),
    browser,
    // A selected row carries the whole selection with it, as in a file manager.
    itemsFor: (entry) => {
      const chosen = selection.selected();
      return chosen.some((other) => other.key === entry.key) ? chosen : [entry];
    },
    onDrop: (entries, folder) => actions.moveTo(entries, folder),
  });
  return (action, entry, button) => {
    if (action === 'menu') menu.open(entry, button);
    else if (action === 'delete' && entry.kind === 'folder') actions.removeFolder(entry, button);
  };
}

/** The pickers, drops and the upload queue: only for someone who may write. */
function startUploads(browser) {
  const limits = fetchLimits().catch(() => null);
  limits.then((value) => {
    if (value) $('#limit-hint').textContent = `Up to ${formatBytes(value.maxFileSize)} per file.`;
  });

  const uploader = createUploader({
    ...uploadPanelUi(),
    limits,
    onStored: (info) => browser.upsert(info),
    send: resumableSender(limits, uploadFile),
    matches: matchesFile,
  });
  mentionUnfinishedUploads(uploader);

  function enqueue(entries) {
    return uploader.add(entries, currentFolder(), $('#replace').checked ? 'replace' : 'rename');
  }

  acceptFiles(enqueue);
}

/**
 * After a reload or a browser restart: the large uploads this browser did not finish, listed as rows that resume
 * when their files are picked again, or can be removed.
 */
function mentionUnfinishedUploads(uploader) {
  const unfinished = unfinishedUploads();
  if (unfinished.length === 0) return;
  uploader.remember(unfinished, { offsetOf: uploadOffset, forget: forgetUpload });
  const names = unfinished.map((upload) => upload.name).join(', ');
  announce(`Unfinished uploads: ${names}. Pick the same file again to resume where it stopped.`, 'info');
}
