// Breadcrumbs: All files / photos / 2026, each a link to its folder, the last one marked as the current page. A user
// confined to a home folder ("alice/") starts the trail there: the folders above are not theirs to open. The share
// view names its top folder `rootLabel` ("Shared folder").

import { visibleName } from './format.js';
import { folderHash } from './route.js';

export function renderCrumbs(list, folder, home = '', rootLabel = 'All files') {
  const segments = folder.split('/').filter((segment) => segment !== '');
  const skip = home.split('/').filter((segment) => segment !== '').length;
  const items = [crumb(skip ? segments[skip - 1] ?? home : rootLabel, home, segments.length === skip)];
  segments.forEach((segment, i) => {
    if (i < skip) return;
    items.push(crumb(segment, `${segments.slice(0, i + 1).join('/')}/`, i === segments.length - 1));
  });
  list.replaceChildren(...items);
}

function crumb(label, folder, current) {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = folderHash(folder);
  // Where a dragged row goes when dropped here (drag-move.js).
  link.dataset.prefix = folder;
  link.textContent = visibleName(label);
  if (current) link.setAttribute('aria-current', 'page');
  item.append(link);
  return item;
}
