// Turns what the user picked or dropped into files with their folder relative to the drop: {file, dir}, where dir
// is "" or "photos/2026/" (ending in "/"), so that dropping a folder keeps its structure.

/** Files from an <input type=file>; a folder picker (webkitdirectory) gives each file its webkitRelativePath. */
export function fromFileList(fileList) {
  return Array.from(fileList, (file) => ({ file, dir: parentOf(file.webkitRelativePath || '') }));
}

/**
 * Files from a drop, descending into dropped folders. The items must be read synchronously, while the drop event is
 * being dispatched: the browser empties the DataTransfer as soon as the handler returns.
 */
export function fromDataTransfer(dataTransfer) {
  const roots = [];
  for (const item of Array.from(dataTransfer.items || [])) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    roots.push({ entry, file: item.getAsFile() });
  }
  if (roots.length === 0) {
    return Promise.resolve(fromFileList(dataTransfer.files || []));
  }
  return Promise.all(roots.map(({ entry, file }) => {
    if (entry && entry.isDirectory) return walk(entry);
    if (file) return [{ file, dir: '' }];
    return entry && entry.isFile ? fileOf(entry).then((f) => [{ file: f, dir: '' }]) : [];
  })).then((lists) => lists.flat());
}

async function walk(directory) {
  const found = [];
  for (const entry of await readAll(directory)) {
    if (entry.isDirectory) {
      found.push(...await walk(entry));
    } else if (entry.isFile) {
      // fullPath is "/dropped-folder/sub/name.txt".
      found.push({ file: await fileOf(entry), dir: parentOf(entry.fullPath.replace(/^\//, '')) });
    }
  }
  return found;
}

/** readEntries answers in batches (100 in Chrome) until it answers an empty one. */
async function readAll(directory) {
  const reader = directory.createReader();
  const all = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function fileOf(entry) {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function parentOf(relativePath) {
  const slash = relativePath.lastIndexOf('/');
  return slash < 0 ? '' : relativePath.slice(0, slash + 1);
}
