// The progress of file actions (new folder, rename, move, copy, delete, ZIP): one line per action in the page, with a
// progress bar for actions on several items and the error of each item that failed, kept until dismissed; and the
// same news for screen readers through the live region, as uploads do (announce.js): once when an action starts,
// once when it ends.

import { announce } from './announce.js';
import { icon } from './icons.js';

// A finished action that went well leaves the list after a while; one with errors stays until dismissed.
const KEEP_DONE_MS = 8000;

/** Returns `{start(title, total)}` over the list element `list`. */
export function createTaskList(list) {
  /**
   * Shows a running action: `title` says what it does ("Moving 3 items to “photos”"), `total` how many items. The
   * returned task takes `step()` (one item done), `fail(name, message)` (one item failed) and `finish(summary)`.
   */
  function start(title, total = 1) {
    const item = document.createElement('li');
    item.className = 'task';
    item.dataset.state = 'running';
    item.innerHTML = `
      <div class="task-line">
        <span class="task-title"></span>
        <span class="task-state"></span>
        <button type="button" class="icon-button task-dismiss" hidden>${icon('close')}</button>
      </div>
      <progress class="task-bar"></progress>
      <ul class="task-errors"></ul>`;
    item.querySelector('.task-title').textContent = title;
    const bar = item.querySelector('.task-bar');
    bar.setAttribute('aria-label', `Progress: ${title}`);
    bar.max = total;
    // One item: an indeterminate bar, as there is nothing to count.
    if (total > 1) bar.value = 0;
    const dismiss = item.querySelector('.task-dismiss');
    dismiss.setAttribute('aria-label', `Dismiss: ${title}`);
    dismiss.title = 'Dismiss';
    dismiss.addEventListener('click', () => remove(item));
    list.prepend(item);
    list.hidden = false;
    announce(`${title}…`, 'info');

    let done = 0;
    let failed = 0;
    const state = item.querySelector('.task-state');
    const render = () => {
      state.textContent = total > 1 ? `${done + failed} of ${total}` : 'Working…';
    };
    render();
    return {
      step() {
        done++;
        if (total > 1) bar.value = done + failed;
        render();
      },
      fail(name, message) {
        failed++;
        if (total > 1) bar.value = done + failed;
        const line = document.createElement('li');
        line.textContent = name ? `${name}: ${message}` : message;
        item.querySelector('.task-errors').append(line);
        render();
      },
      /** Ends the action; `summary` is what happened ("Moved 3 items."), said on the page and to screen readers. */
      finish(summary) {
        item.dataset.state = failed ? 'failed' : 'done';
        bar.max = 1;
        bar.value = 1;
        state.textContent = summary;
        dismiss.hidden = false;
        const errors = [...item.querySelectorAll('.task-errors li')].map((line) => line.textContent);
        announce(failed ? [summary, ...errors].join(' ') : summary, failed ? 'error' : 'success');
        if (!failed) setTimeout(() => remove(item), KEEP_DONE_MS);
      },
    };
  }

  function remove(item) {
    // Focus on the dismiss button would fall to the page: keep it in the list, or give it to the listing.
    const hadFocus = item.contains(document.activeElement);
    const next = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    list.hidden = list.children.length === 0;
    if (hadFocus) (next?.querySelector('.task-dismiss:not([hidden])') || document.getElementById('listing')).focus();
  }

  return { start };
}

/** "1 item", "3 items". */
export function plural(n, noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
