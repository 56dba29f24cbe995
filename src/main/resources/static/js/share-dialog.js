// The "Share" dialog: for a file or a folder, choose what the link allows (download; for a folder also upload, a
// "file request") and how long it works, create it, and copy it. A native <dialog> opened modally: it keeps focus
// inside, closes on Escape, and gives focus back to the button that opened it.

import { absoluteShareUrl, createShare } from './api.js';
import { announce } from './announce.js';
import { copyText } from './clipboard.js';
import { formatDate } from './format.js';

const $ = (selector) => document.querySelector(selector);

/** Returns `{open(entry, opener)}`; `entry` is a listing entry (`{kind, key, name}`). */
export function createShareDialog({ canUpload }) {
  const dialog = $('#share-dialog');
  const form = $('#share-form');
  const create = $('#share-create');
  const copy = $('#share-copy');
  const error = $('#share-error');
  let target = null;
  let opener = null;
  let link = null;

  dialog.querySelectorAll('[data-close]').forEach((button) => button.addEventListener('click', () => dialog.close()));
  dialog.addEventListener('close', () => opener?.focus());
  // A new choice makes a new link: show "Create link" again.
  form.addEventListener('change', (event) => {
    if (event.target.id !== 'share-url') showResult(null);
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const permission = form.elements.permission.value;
    const expiresIn = $('#share-expiry').value;
    const what = target.kind === 'folder' ? { prefix: target.key } : { key: target.key };
    create.disabled = true;
    create.textContent = 'Creating…';
    error.textContent = '';
    try {
      showResult(await createShare(what, expiresIn, permission));
      $('#share-url').focus();
      $('#share-url').select();
      announce(`Link to ${target.name} created.`, 'success');
    } catch (failure) {
      error.textContent = `Could not create the link: ${failure.message}`;
    } finally {
      create.disabled = false;
      create.textContent = 'Create link';
    }
  });

  copy.addEventListener('click', async () => {
    if (link && await copyText(absoluteShareUrl(link))) announce('Link copied.', 'success');
  });

  function showResult(share) {
    link = share;
    $('#share-result').hidden = !share;
    copy.hidden = !share;
    create.hidden = Boolean(share);
    if (!share) return;
    $('#share-url').value = absoluteShareUrl(share);
    const expires = share.expiresAt ? `Works until ${formatDate(share.expiresAt)}.` : '';
    $('#share-expires').textContent = `${expires} Revoke it any time under “Shared links”.`;
  }

  function open(entry, from) {
    target = entry;
    opener = from;
    const folder = entry.kind === 'folder';
    $('#share-title').textContent = `Share “${entry.name}”`;
    $('#share-read-label').textContent = folder ? 'See and download the files in it' : 'Download it';
    $('#share-upload-option').hidden = !(folder && canUpload);
    form.elements.permission.value = 'read';
    error.textContent = '';
    showResult(null);
    dialog.showModal();
    form.elements.permission[0].focus();
  }

  return { open };
}
