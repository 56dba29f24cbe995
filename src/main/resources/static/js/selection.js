// Row selection: a checkbox per row, shift-click (or shift-space) for a range in the order shown, and one checkbox
// in the header for every row loaded on the page. While anything is selected, a bar above the listing says how much
// and offers what can be done with it ("Download as ZIP", and for writers "Move…" and "Delete"). The selection is of
// keys, so it survives sorting; it is cleared when another folder is opened.

import { plural } from './tasks.js';

/**
 * `ui`: `{rows, all, bar, count, clear}` (the tbody, the header checkbox, the bar, its count and its clear button);
 * `browser` is the listing (browse.js). Returns `{update(), selected(), clear()}`; `update()` is the listing's
 * `onChange`.
 */
export function createSelection(ui, browser) {
  const keys = new Set();
  let anchor = null;
  let folder = null;

  ui.rows.addEventListener('click', (event) => {
    const box = event.target.closest('input.select-row');
    if (!box) return;
    const key = box.closest('tr').dataset.key;
    const shown = browser.shown();
    const at = shown.findIndex((entry) => entry.key === key);
    const from = anchor === null ? -1 : shown.findIndex((entry) => entry.key === anchor);
    if (event.shiftKey && from >= 0 && at >= 0) {
      // A range takes the state of the box clicked last, like a file manager's.
      const [low, high] = from < at ? [from, at] : [at, from];
      shown.slice(low, high + 1).forEach((entry) => set(entry.key, box.checked));
    } else {
      set(key, box.checked);
    }
    anchor = key;
    render();
  });
  ui.all.addEventListener('change', () => {
    browser.shown().forEach((entry) => set(entry.key, ui.all.checked));
    anchor = null;
    render();
  });
  ui.clear.addEventListener('click', () => {
    clear();
    ui.all.focus();
  });

  function set(key, on) {
    if (on) keys.add(key); else keys.delete(key);
  }

  /** After the listing changed: forget what is gone (or another folder), and show the boxes as they are. */
  function update() {
    if (folder !== browser.folder()) {
      folder = browser.folder();
      keys.clear();
      anchor = null;
    }
    for (const key of keys) {
      if (!browser.entry(key)) keys.delete(key);
    }
    render();
  }

  function render() {
    const shown = browser.shown();
    shown.forEach((entry) => {
      const box = entry.row?.querySelector('input.select-row');
      if (!box) return;
      box.checked = keys.has(entry.key);
      entry.row.classList.toggle('selected', box.checked);
    });
    const count = shown.filter((entry) => keys.has(entry.key)).length;
    ui.all.checked = count > 0 && count === shown.length;
    ui.all.indeterminate = count > 0 && count < shown.length;
    ui.all.disabled = shown.length === 0;
    ui.bar.hidden = keys.size === 0;
    ui.count.textContent = `${plural(keys.size, 'item')} selected`;
  }

  function selected() {
    return [...keys].map((key) => browser.entry(key)).filter(Boolean);
  }

  function clear() {
    keys.clear();
    anchor = null;
    render();
  }

  return { update, selected, clear };
}
