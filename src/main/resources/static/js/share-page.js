// share.html: what someone without an account sees when they open a share link (/s/<token>). The link's token is
// their only credential: no session, no cookie is needed. A read link to a folder shows a listing to browse (paged
// with the API's cursor) and download from; an upload link ("file request") shows only a drop zone: the holder never
// sees what is in the folder. An expired, revoked or damaged link shows why it does not work.

import { ApiError, shareLinkApi } from './api.js';
import { initAnnouncer } from './announce.js';
import { createBrowser, listingUi } from './browse.js';
import { renderCrumbs } from './crumbs.js';
import { visibleName } from './format.js';
import { acceptFiles } from './pickers.js';
import { forgetUpload, matchesFile, resumableSender, unfinishedUploads, uploadOffset } from './resumable.js';
import { currentFolder, pageSize } from './route.js';
import { createUploader, uploadPanelUi } from './upload.js';

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
    showUpload(link);
  } else {
    showFolder();
  }
}

/** What the link allows: `{permission, limits}`; a link that does not work is refused (403) with the reason. */
function whatLink() {
  return api.describe();
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

// A read link to a folder: browse below the shared prefix, download files. The listing, its rows, paging and
// breadcrumbs are the main page's (browse.js, rows.js, crumbs.js), pointed at the link's API: keys and sub-folders
// arrive relative to the shared folder, whose own name the link does not tell.

const ROOT_NAME = 'Shared folder';

function showFolder() {
  $('#share-read').hidden = false;
  // "Download all": everything the link sees as one ZIP, streamed by the server (resumable when it is laid out).
  const downloadAll = $('#download-all');
  downloadAll.href = `/api/v1/s/${encodeURIComponent(token)}/zip`;
  downloadAll.hidden = false;
  const browser = createBrowser(listingUi(), pageSize(DEFAULT_PAGE_SIZE), {
    canWrite: false,
    // A link to one of these files would need the token too: the page offers downloads only.
    canCopy: false,
    list: api.list,
    fileUrl: api.fileUrl,
    // The link stopped working while the folder was open (revoked, expired): say why, as on arrival.
    onListError: (error) => {
      if (error.status !== 403 && error.status !== 401) return false;
      showError(error);
      return true;
    },
  });

  window.addEventListener('hashchange', () => {
    openFolder();
    $('#folder-heading').focus({ preventScroll: true });
  });
  openFolder();

  function openFolder() {
    const folder = currentFolder();
    const segments = folder.split('/').filter(Boolean);
    const name = segments.length ? segments[segments.length - 1] : ROOT_NAME;
    $('#folder-heading').textContent = visibleName(name);
    document.title = `${visibleName(name)} · shared with you · Sluice`;
    renderCrumbs($('#crumbs'), folder, '', ROOT_NAME);
    browser.open(folder);
  }
}

// An upload link: a drop zone and the upload list, nothing of what is there. Large files go by tus through the
// link (resumable, in chunks, as on the main page), with the limits the link's description gives; unfinished ones
// of an earlier visit to this link are listed to resume or remove.

function showUpload(link) {
  $('#share-upload').hidden = false;
  document.title = 'Send files · Sluice';

  const limits = Promise.resolve(link.limits ?? null);
  // The stored name is not shown: that a name was taken is a fact about the folder, which this view never tells.
  const multipart = (file, prefix, { onProgress }) => {
    const handle = api.upload(file, { onProgress });
    return { promise: handle.promise.then(() => null), abort: handle.abort };
  };
  // Remembered per link (its id, not the token's signature), apart from the main page's own uploads.
  const scope = `link:${token.split('.')[0]}:`;
  const uploader = createUploader({
    ...uploadPanelUi(),
    limits,
    onStored: () => {},
    send: resumableSender(limits, multipart, { uploads: api.uploads, scope, tellsKey: false }),
    matches: matchesFile,
  });
  uploader.remember(unfinishedUploads(scope), { offsetOf: uploadOffset, forget: forgetUpload });

  // Files dropped with their folders arrive flat: an upload link stores every file directly in its folder.
  acceptFiles((entries) => uploader.add(entries, '', 'rename'));
  $('#upload-heading').focus({ preventScroll: true });
}
