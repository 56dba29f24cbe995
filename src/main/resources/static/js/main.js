// Wires the page together: who is using it (session.js), where we are (the hash), the upload area, the listing, and
// share links.

import { fetchLimits, uploadFile } from './api.js';
import { forgetUpload, matchesFile, resumableSender, unfinishedUploads, uploadOffset } from './resumable.js';
import { announce, initAnnouncer } from './announce.js';
import { createBrowser, listingUi } from './browse.js';
import { renderCrumbs } from './crumbs.js';
import { formatBytes, visibleName } from './format.js';
import { acceptFiles } from './pickers.js';
import { adoptPrefixParameter, currentFolder, folderHash, pageSize } from './route.js';
import { abilitiesOf, startSession } from './session.js';
import { createShareDialog } from './share-dialog.js';
import { createSharesList } from './shares.js';
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

  const browser = createBrowser(listingUi({
    sortButtons: document.querySelectorAll('#listing th button[data-sort]'),
    sortSelect: $('#sort-select'),
  }), pageSize(DEFAULT_PAGE_SIZE), { canWrite: can.write, onShare: shareDialog?.open });

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
