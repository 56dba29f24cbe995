// "Shared links": the links the user made (an admin sees everyone's), each with what it shares, what it allows,
// until when, and buttons to copy or revoke it. Revoking works at once, on every instance (the server keeps links in
// storage).

import { absoluteShareUrl, listShares, revokeShare } from './api.js';
import { announce } from './announce.js';
import { copyText } from './clipboard.js';
import { formatDate } from './format.js';
import { icon } from './icons.js';

const $ = (selector) => document.querySelector(selector);

/** Returns `{open(opener)}`. */
export function createSharesList({ admin }) {
  const dialog = $('#shares-dialog');
  const list = $('#shares-list');
  const count = $('#shares-count');
  const error = $('#shares-error');
  let opener = null;
  let shares = [];

  $('#shares-title').textContent = admin ? 'Shared links (everyone’s)' : 'Your shared links';
  dialog.querySelectorAll('[data-close]').forEach((button) => button.addEventListener('click', () => dialog.close()));
  dialog.addEventListener('close', () => opener?.focus());
  list.addEventListener('click', onAction);

  async function open(from) {
    opener = from;
    list.replaceChildren();
    error.textContent = '';
    count.textContent = 'Loading…';
    dialog.showModal();
    try {
      shares = await listShares();
    } catch (failure) {
      count.textContent = '';
      error.textContent = `Could not load the links: ${failure.message}`;
      return;
    }
    // Links that still work first, the newest first.
    shares.sort((a, b) => Number(stateOf(a) !== 'active') - Number(stateOf(b) !== 'active')
      || String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? '')));
    list.replaceChildren(...shares.map((share) => itemOf(share, admin)));
    updateCount();
  }

  function updateCount() {
    const active = shares.filter((share) => stateOf(share) === 'active').length;
    count.textContent = shares.length === 0 ? 'No links yet. Use “Share” on a file or folder to make one.'
      : `${active} of ${shares.length} ${shares.length === 1 ? 'link works' : 'links work'}.`;
  }

  async function onAction(event) {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const item = button.closest('li');
    const share = shares.find((candidate) => candidate.id === item.dataset.id);
    if (!share) return;
    if (button.dataset.action === 'copy') {
      if (await copyText(absoluteShareUrl(share))) announce('Link copied.', 'success');
      return;
    }
    if (!window.confirm(`Revoke the link to “${targetOf(share)}”? Whoever has it can no longer use it.`)) return;
    button.disabled = true;
    try {
      await revokeShare(share.id);
    } catch (failure) {
      button.disabled = false;
      error.textContent = `Could not revoke the link: ${failure.message}`;
      return;
    }
    share.revoked = true;
    const replacement = itemOf(share, admin);
    item.replaceWith(replacement);
    replacement.querySelector('.share-state').focus();
    updateCount();
    announce(`Link to ${targetOf(share)} revoked.`, 'success');
  }

  return { open };
}

function stateOf(share) {
  if (share.revoked) return 'revoked';
  return Date.parse(share.expiresAt) <= Date.now() ? 'expired' : 'active';
}

function targetOf(share) {
  return share.key ?? share.prefix ?? '';
}

function itemOf(share, admin) {
  const item = document.createElement('li');
  item.className = 'share';
  item.dataset.id = share.id;
  const state = stateOf(share);
  item.dataset.state = state;
  const folder = share.key == null;
  item.innerHTML = `
    <div class="share-what">
      ${icon(folder ? 'folder' : 'file')}
      <span class="share-target"></span>
    </div>
    <p class="share-detail">
      <span class="share-permission"></span> · <span class="share-state" tabindex="-1"></span><span class="share-owner"></span>
    </p>
    <div class="share-actions"></div>`;
  item.querySelector('.share-target').textContent = targetOf(share);
  item.querySelector('.share-permission').textContent = share.permission === 'upload' ? 'Upload into'
    : folder ? 'See and download' : 'Download';
  item.querySelector('.share-state').textContent = state === 'revoked' ? 'Revoked'
    : `${state === 'expired' ? 'Expired' : 'Works until'} ${formatDate(share.expiresAt)}`;
  if (admin && share.createdBy) item.querySelector('.share-owner').textContent = ` · by ${share.createdBy}`;
  const actions = item.querySelector('.share-actions');
  if (state === 'active') {
    if (share.url) actions.append(button('copy', 'link', `Copy the link to ${targetOf(share)}`, 'Copy'));
    actions.append(button('revoke', 'trash', `Revoke the link to ${targetOf(share)}`, 'Revoke'));
  }
  return item;
}

function button(action, iconName, name, text) {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = `button small${action === 'revoke' ? ' danger' : ''}`;
  element.dataset.action = action;
  element.setAttribute('aria-label', name);
  element.innerHTML = `${icon(iconName)}<span></span>`;
  element.querySelector('span:last-child').textContent = text;
  return element;
}
