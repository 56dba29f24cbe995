// A row's "More actions" menu (rename, move, copy): one popover for the whole listing, opened under the row's
// button. A menu in the ARIA sense: arrow keys move between its items, Escape or a click elsewhere closes it, and
// focus goes back to the button that opened it.

const ITEMS = [
  ['rename', 'Rename'],
  ['move', 'Move to…'],
  ['copy', 'Copy to…'],
];

/** Returns `{open(entry, button)}`; `onChoose(action, entry, button)` runs with the item chosen. */
export function createRowMenu(menu, onChoose) {
  let entry = null;
  let opener = null;

  menu.replaceChildren(...ITEMS.map(([action, text]) => {
    const item = document.createElement('button');
    item.type = 'button';
    item.setAttribute('role', 'menuitem');
    item.dataset.action = action;
    item.textContent = text;
    item.tabIndex = -1;
    return item;
  }));

  menu.addEventListener('click', (event) => {
    const item = event.target.closest('[role=menuitem]');
    if (!item) return;
    const chosen = entry;
    const from = opener;
    close(false);
    onChoose(item.dataset.action, chosen, from);
  });
  menu.addEventListener('keydown', (event) => {
    const items = [...menu.querySelectorAll('[role=menuitem]')];
    const at = items.indexOf(document.activeElement);
    const moves = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      items[(moves[event.key] + items.length) % items.length].focus();
    } else if (event.key === 'Tab') {
      close(true);
    }
  });
  // The popover closes itself on Escape and on a click outside ("light dismiss").
  menu.addEventListener('toggle', (event) => {
    if (event.newState !== 'closed') return;
    opener?.setAttribute('aria-expanded', 'false');
    if (menu.contains(document.activeElement) || document.activeElement === document.body) opener?.focus();
  });

  function open(next, button) {
    if (menu.matches(':popover-open')) {
      const same = opener === button;
      close(true);
      if (same) return;
    }
    entry = next;
    opener = button;
    menu.setAttribute('aria-label', `Actions for ${button.getAttribute('aria-label').replace(/^More actions for /, '')}`);
    const rect = button.getBoundingClientRect();
    menu.showPopover();
    // Under the button, right-aligned with it, and above it when there is no room below.
    const width = menu.offsetWidth;
    const height = menu.offsetHeight;
    const below = rect.bottom + 4 + height <= window.innerHeight;
    menu.style.left = `${Math.max(8, rect.right - width)}px`;
    menu.style.top = `${below ? rect.bottom + 4 : Math.max(8, rect.top - 4 - height)}px`;
    button.setAttribute('aria-expanded', 'true');
    menu.querySelector('[role=menuitem]').focus();
  }

  function close(focusOpener) {
    if (menu.matches(':popover-open')) menu.hidePopover();
    opener?.setAttribute('aria-expanded', 'false');
    if (focusOpener) opener?.focus();
  }

  return { open };
}
