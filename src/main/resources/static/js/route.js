// Where the page is: the folder lives in the hash ("#/photos/2026/", each segment percent-encoded), so that a folder
// can be bookmarked, opened directly, and left with the browser's Back button. "?prefix=photos/" also works.

/** The folder currently shown: "" for the root, else a prefix ending in "/". */
export function currentFolder() {
  const hash = location.hash.replace(/^#\/?/, '');
  const segments = hash.split('/').filter((segment) => segment !== '').map(decodeSegment);
  return segments.length ? `${segments.join('/')}/` : '';
}

/** The hash that shows `folder`. */
export function folderHash(folder) {
  const segments = folder.split('/').filter((segment) => segment !== '');
  return `#/${segments.map((segment) => `${encodeURIComponent(segment)}/`).join('')}`;
}

/** Page size from "?limit=" (1-1000), else `fallback`. */
export function pageSize(fallback) {
  const limit = Number.parseInt(new URLSearchParams(location.search).get('limit'), 10);
  return limit >= 1 && limit <= 1000 ? limit : fallback;
}

/** Turns a "?prefix=" link into the hash form once, keeping any other query parameter. */
export function adoptPrefixParameter() {
  const params = new URLSearchParams(location.search);
  const prefix = params.get('prefix');
  if (prefix === null) return;
  params.delete('prefix');
  const query = params.toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${folderHash(prefix)}`);
}

function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
