// Wires the page together: where we are (the hash), the upload area, and the listing.

import { fetchLimits } from './api.js';
import { announce, initAnnouncer } from './announce.js';
import { createBrowser } from './browse.js';
import { renderCrumbs } from './crumbs.js';
import { fromDataTransfer, fromFileList } from './entries.js';
import { formatBytes } from './format.js';
import { adoptPrefixParameter, currentFolder, pageSize } from './route.js';
import { createUploader } from './upload.js';

const DEFAULT_PAGE_SIZE = 200;
const $ = (selector) => document.querySelector(selector);

initAnnouncer($('#status'), $('#toast'));
adoptPrefixParameter();

const limits = fetchLimits().catch(() => null);
limits.then((value) => {
  if (value) $('#limit-hint').textContent = `Up to ${formatBytes(value.maxFileSize)} per file.`;
});

const browser = createBrowser({
  table: $('#listing'),
  rows: $('#rows'),
  heading: $('#folder-heading'),
  count: $('#count'),
  empty: $('#empty'),
  error: $('#listing-error'),
  loadMore: $('#load-more'),
  sortButtons: document.querySelectorAll('#listing th button[data-sort]'),
  sortSelect: $('#sort-select'),
}, pageSize(DEFAULT_PAGE_SIZE));

const uploader = createUploader({
  panel: $('#uploads'),
  list: $('#upload-list'),
  total: $('#upload-total'),
  cancelAll: $('#cancel-all'),
  clearFinished: $('#clear-finished'),
  limits,
  onStored: (info) => browser.upsert(info),
});

function enqueue(entries) {
  return uploader.add(entries, currentFolder(), $('#replace').checked ? 'replace' : 'rename');
}

function showFolder() {
  const folder = currentFolder();
  const segments = folder.split('/').filter(Boolean);
  const name = segments.length ? segments[segments.length - 1] : 'All files';
  $('#folder-heading').textContent = name;
  $('#drop-target').textContent = segments.length ? `“${name}”` : 'the top folder';
  document.title = `${name} · Sluice`;
  renderCrumbs($('#crumbs'), folder);
  return browser.open(folder);
}

// Pickers: the buttons open hidden inputs, so the visible controls are ordinary, focusable buttons.
for (const [button, input] of [['#pick-files', '#file-input'], ['#pick-folder', '#folder-input']]) {
  $(button).addEventListener('click', () => $(input).click());
  $(input).addEventListener('change', (event) => {
    enqueue(fromFileList(event.target.files));
    event.target.value = '';
  });
}

// Drops anywhere on the page go to the current folder; the drop zone lights up while something is dragged over.
const zone = $('#dropzone');
let dragTimer;
document.addEventListener('dragover', (event) => {
  if (!Array.from(event.dataTransfer?.types || []).includes('Files')) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
  zone.classList.add('dragging');
  clearTimeout(dragTimer);
  dragTimer = setTimeout(() => zone.classList.remove('dragging'), 150);
});
document.addEventListener('drop', (event) => {
  const transfer = event.dataTransfer;
  if (!transfer || (transfer.files.length === 0 && transfer.items.length === 0)) return;
  event.preventDefault();
  zone.classList.remove('dragging');
  fromDataTransfer(transfer).then(enqueue, (error) => announce(`Could not read the drop: ${error.message}`, 'error'));
});

$('#refresh').addEventListener('click', () => browser.reload());
window.addEventListener('hashchange', () => {
  showFolder();
  // A new folder is a new "page" for screen readers and keyboards: start from its heading.
  $('#folder-heading').focus({ preventScroll: true });
});
showFolder();
