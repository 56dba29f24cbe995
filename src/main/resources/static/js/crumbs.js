// Breadcrumbs: Home / photos / 2026, each a link to its folder, the last one marked as the current page.

import { folderHash } from './route.js';

export function renderCrumbs(list, folder) {
  const segments = folder.split('/').filter((segment) => segment !== '');
  const items = [crumb('All files', '', segments.length === 0)];
  segments.forEach((segment, i) => {
    items.push(crumb(segment, `${segments.slice(0, i + 1).join('/')}/`, i === segments.length - 1));
  });
  list.replaceChildren(...items);
}

function crumb(label, folder, current) {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = folderHash(folder);
  link.textContent = label;
  if (current) link.setAttribute('aria-current', 'page');
  item.append(link);
  return item;
}
