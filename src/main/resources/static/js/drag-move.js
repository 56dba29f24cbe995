// Moving by dragging: a row (or, when it is selected, the whole selection) dropped on a folder row or on a
// breadcrumb moves there. The drop target lights up while something can be dropped on it. Only rows of this page are
// accepted; files dragged in from the desktop are the upload area's (pickers.js). The keyboard way to the same is a
// row's "Move to…".

const TYPE = 'application/x-sluice-items';

/**
 * `rows` is the listing's tbody, `crumbs` the breadcrumb list; `itemsFor(entry)` says what a drag of `entry` carries
 * (it, or the selection it belongs to); `onDrop(entries, folder)` moves them.
 */
export function enableDragMove({ rows, crumbs, browser, itemsFor, onDrop }) {
  let dragging = null;
  let lit = null;

  rows.addEventListener('dragstart', (event) => {
    const row = event.target.closest?.('tr[draggable=true]');
    const entry = row && browser.entry(row.dataset.key);
    if (!entry) return;
    dragging = itemsFor(entry);
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData(TYPE, JSON.stringify(dragging.map((item) => item.key)));
    event.dataTransfer.setData('text/plain', dragging.map((item) => item.name).join('\n'));
    rows.classList.add('dragging-rows');
  });
  rows.addEventListener('dragend', () => {
    dragging = null;
    rows.classList.remove('dragging-rows');
    light(null);
  });

  for (const zone of [rows, crumbs]) {
    zone.addEventListener('dragover', (event) => {
      const target = targetOf(event);
      if (!target) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      light(target.element);
    });
    zone.addEventListener('dragleave', (event) => {
      if (lit && !lit.contains(event.relatedTarget)) light(null);
    });
    zone.addEventListener('drop', (event) => {
      const target = targetOf(event);
      if (!target) return;
      event.preventDefault();
      // The page-wide drop handler is for files from the desktop.
      event.stopPropagation();
      const entries = dragging;
      dragging = null;
      light(null);
      onDrop(entries, target.folder);
    });
  }

  /** The folder under the pointer that the rows being dragged may go to, or null. */
  function targetOf(event) {
    if (!dragging || !Array.from(event.dataTransfer?.types || []).includes(TYPE)) return null;
    const crumb = event.target.closest?.('#crumbs a[data-prefix]');
    if (crumb) return { element: crumb, folder: crumb.dataset.prefix };
    const row = event.target.closest?.('tr.folder[data-key]');
    if (!row) return null;
    const folder = row.dataset.key;
    // Not into one of the folders being dragged.
    if (dragging.some((item) => item.kind === 'folder' && folder.startsWith(item.key))) return null;
    return { element: row, folder };
  }

  function light(element) {
    if (lit === element) return;
    lit?.classList.remove('drop-target');
    lit = element;
    lit?.classList.add('drop-target');
  }
}
