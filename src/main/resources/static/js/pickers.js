// Where files to upload come from: the two pickers (files, a folder) and drops anywhere on the page, which light up
// the drop zone while something is dragged over. Shared by the page and by share.html's upload links.

import { announce } from './announce.js';
import { fromDataTransfer, fromFileList } from './entries.js';

const $ = (selector) => document.querySelector(selector);

/** Hands every picked or dropped batch to `enqueue(entries)` (entries as made by entries.js). */
export function acceptFiles(enqueue) {
  // The buttons open hidden inputs, so the visible controls are ordinary, focusable buttons. share.html has no
  // folder picker: an upload link stores files flat in its folder.
  for (const [button, input] of [['#pick-files', '#file-input'], ['#pick-folder', '#folder-input']]) {
    if (!$(button)) continue;
    $(button).addEventListener('click', () => $(input).click());
    $(input).addEventListener('change', (event) => {
      enqueue(fromFileList(event.target.files));
      event.target.value = '';
    });
  }
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
}
