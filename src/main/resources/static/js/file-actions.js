// What a writer does to files and folders besides uploading (issue #15): new folder, rename in place, move and copy
// (through the folder picker, or by dragging rows onto a folder or a breadcrumb), delete a folder, and the same for a
// selection; and for everyone, a selection downloaded as one ZIP. Each action is one line in the task list
// (tasks.js) with its progress and its errors, announced to screen readers; the listing is updated in place.

import {
  ApiError, checkZip, createFolder, createZip, deleteFile, deleteFolder, listTree, transfer, zipUrl,
} from './api.js';
import { announce } from './announce.js';
import { parentOf } from './folder-picker.js';
import { visibleName } from './format.js';
import { editName } from './name-editor.js';
import { plural } from './tasks.js';

// A folder's files are counted for its delete confirmation, up to this many (then "more than").
const COUNT_LIMIT = 10_000;
const COUNT_PAGE = 1000;

/**
 * `browser` is the listing (browse.js), `tasks` the task list (tasks.js), `picker` the folder picker; `canWrite`
 * says whether the writer's actions exist. Returns the actions the page wires to its buttons, menus and drops.
 */
export function createFileActions({ browser, tasks, picker, canWrite }) {
  /** "New folder": a row at the top of the listing with a name field; the folder exists once the server said so. */
  function newFolder(opener) {
    const rows = document.getElementById('rows');
    const existing = rows.querySelector('tr.new-folder');
    if (existing) {
      existing.querySelector('input').focus();
      return;
    }
    const row = document.createElement('tr');
    row.className = 'folder new-folder';
    row.setAttribute('role', 'row');
    row.innerHTML = '<td role="cell" class="select"></td><td role="cell" class="name-cell"></td>'
      + '<td role="cell" class="size"></td><td role="cell" class="type">Folder</td><td role="cell" class="date"></td>'
      + '<td role="cell" class="actions"></td>';
    rows.prepend(row);
    const here = browser.folder();
    editName(row.querySelector('.name-cell'), '', {
      label: 'Name of the new folder',
      save: async (name) => {
        const task = tasks.start(`Creating the folder “${visibleName(name)}”`);
        try {
          await createFolder(here + name);
        } catch (error) {
          task.fail('', messageOf(error));
          task.finish(`Could not create the folder “${visibleName(name)}”.`);
          throw new Error(messageOf(error));
        }
        task.step();
        task.finish(`Created the folder “${visibleName(name)}”.`);
        browser.addFolder(`${here}${name}/`);
        browser.entry(`${here}${name}/`)?.row?.querySelector('a.name')?.focus();
      },
      onClose: (saved) => {
        row.remove();
        if (!saved) opener?.focus();
      },
    });
  }

  /** "Rename": the row's name becomes a field; a move within the same folder, refused when the name is taken. */
  function rename(entry) {
    const cell = entry.row.querySelector('.name-cell');
    const folder = entry.kind === 'folder';
    entry.row.draggable = false;
    editName(cell, entry.name, {
      label: `New name for ${visibleName(entry.name)}`,
      save: async (name) => {
        const parent = parentOf(entry.key);
        const to = `${parent}${name}${folder ? '/' : ''}`;
        const task = tasks.start(`Renaming “${visibleName(entry.name)}” to “${visibleName(name)}”`);
        let result;
        try {
          result = await transfer('move', entry.key, to, 'fail');
        } catch (error) {
          task.fail('', messageOf(error));
          task.finish(`Could not rename “${visibleName(entry.name)}”.`);
          throw new Error(messageOf(error));
        }
        task.step();
        task.finish(`Renamed “${visibleName(entry.name)}” to “${visibleName(name)}”.`);
        arrived(entry, to, result);
        browser.drop(entry.key);
        browser.entry(to)?.row?.querySelector('a.name')?.focus();
      },
      onClose: (saved) => {
        if (saved) return;
        entry.row.draggable = true;
        entry.row.querySelector('a.name')?.focus();
      },
    });
  }

  /** "Move…"/"Copy…": the folder picker, then each item in turn. */
  async function pickAndTransfer(operation, entries, opener) {
    if (entries.length === 0) return;
    const what = entries.length === 1 ? `“${visibleName(entries[0].name)}”` : plural(entries.length, 'item');
    const choice = await picker.choose({
      title: `${operation === 'move' ? 'Move' : 'Copy'} ${what} to…`,
      verb: operation === 'move' ? 'Move here' : 'Copy here',
      start: browser.folder(),
      items: entries,
      move: operation === 'move',
      // A copy next to the original keeps both; a move asks first by default (nothing is replaced unasked).
      conflict: operation === 'copy' ? 'rename' : 'fail',
      opener,
    });
    if (choice) await run(operation, entries, choice.folder, choice.conflict);
  }

  /** Moves `entries` into `folder` (a drop on a folder row or a breadcrumb). */
  function moveTo(entries, folder) {
    const moving = entries.filter((entry) => parentOf(entry.key) !== folder
      && !(entry.kind === 'folder' && folder.startsWith(entry.key)));
    if (moving.length === 0) {
      announce(entries.length === 1 ? `“${visibleName(entries[0].name)}” is already there.`
        : 'Nothing to move: these items are already there.', 'info');
      return Promise.resolve();
    }
    return run('move', moving, folder, 'fail');
  }

  async function run(operation, entries, folder, conflict) {
    const where = `“${visibleName(folderLabel(folder))}”`;
    const what = entries.length === 1 ? `“${visibleName(entries[0].name)}”` : plural(entries.length, 'item');
    const verb = operation === 'move' ? ['Moving', 'Moved', 'move'] : ['Copying', 'Copied', 'copy'];
    const task = tasks.start(`${verb[0]} ${what} to ${where}`, entries.length);
    let done = 0;
    for (const entry of entries) {
      const to = `${folder}${entry.name}${entry.kind === 'folder' ? '/' : ''}`;
      try {
        const result = await transfer(operation, entry.key, to, conflict);
        done++;
        task.step();
        arrived(entry, to, result);
        if (operation === 'move') browser.drop(entry.key);
      } catch (error) {
        task.fail(visibleName(entry.name), messageOf(error));
      }
    }
    task.finish(done === entries.length ? `${verb[1]} ${what} to ${where}.`
      : done === 0 ? `Could not ${verb[2]} ${what} to ${where}.`
        : `${verb[1]} ${done} of ${plural(entries.length, 'item')} to ${where}; ${entries.length - done} failed.`);
  }

  /** Shows what a move or copy put into the folder on screen (rename can have given it another name). */
  function arrived(entry, to, result) {
    if (entry.kind === 'file') {
      browser.upsert(result && result.key ? result : { ...entryInfo(entry), key: to, name: to.split('/').pop() });
    } else {
      browser.addFolder(typeof result?.to === 'string' && result.to.endsWith('/') ? result.to : to);
    }
  }

  /** A folder's delete: the confirmation says how many files go with it. */
  async function removeFolder(entry, button) {
    // Not disabled while counting: a disabled button loses focus, and keyboard users would be thrown out of the list.
    button?.setAttribute('aria-busy', 'true');
    const count = await countFiles(entry.key);
    button?.removeAttribute('aria-busy');
    const name = visibleName(entry.name);
    const question = count.files === 0 ? `Delete the empty folder “${name}”?`
      : `Delete the folder “${name}” and the ${count.more ? 'more than ' : ''}${plural(count.files, 'file')} in it? `
        + 'This cannot be undone.';
    if (!window.confirm(question)) return;
    await removeAll([entry], `Deleting the folder “${name}”`, `Deleted the folder “${name}”.`);
  }

  /** The selection's delete: one confirmation for all of it, counting the files in its folders. */
  async function removeSelection(entries) {
    if (entries.length === 0) return;
    const folders = entries.filter((entry) => entry.kind === 'folder');
    let inFolders = 0;
    let more = false;
    for (const folder of folders) {
      const count = await countFiles(folder.key);
      inFolders += count.files;
      more ||= count.more;
    }
    const files = entries.length - folders.length;
    const parts = [];
    if (files) parts.push(plural(files, 'file'));
    if (folders.length) {
      parts.push(`${plural(folders.length, 'folder')} holding ${more ? 'more than ' : ''}${plural(inFolders, 'file')}`);
    }
    if (!window.confirm(`Delete ${parts.join(' and ')}? This cannot be undone.`)) return;
    const what = plural(entries.length, 'item');
    await removeAll(entries, `Deleting ${what}`, `Deleted ${what}.`);
  }

  async function removeAll(entries, title, summary) {
    const task = tasks.start(title, entries.length);
    let done = 0;
    for (const entry of entries) {
      try {
        if (entry.kind === 'folder') await deleteFolder(entry.key, { recursive: true });
        else await deleteFile(entry.key);
        done++;
        task.step();
        browser.drop(entry.key);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          // Already gone: what was asked for is true.
          done++;
          task.step();
          browser.drop(entry.key);
        } else {
          task.fail(visibleName(entry.name), messageOf(error));
        }
      }
    }
    task.finish(done === entries.length ? summary
      : `Deleted ${done} of ${plural(entries.length, 'item')}; ${entries.length - done} failed.`);
  }

  /** "Download as ZIP" of a selection: the server hands out a short-lived URL, which the browser downloads. */
  async function zipSelection(entries) {
    if (entries.length === 0) return;
    const what = entries.length === 1 ? `“${visibleName(entries[0].name)}”` : plural(entries.length, 'item');
    const task = tasks.start(`Preparing a ZIP of ${what}`);
    try {
      const zip = await createZip(entries.map((entry) => entry.key));
      task.step();
      download(zip.href);
      task.finish(`The ZIP of ${what} is downloading.`);
    } catch (error) {
      task.fail('', messageOf(error));
      task.finish(`Could not make a ZIP of ${what}.`);
    }
  }

  /**
   * "Download as ZIP" of a folder (`prefix`, "" for everything): asked with a HEAD first, so that a refusal is said
   * on the page rather than as a failed download in the browser's list; then the browser downloads it.
   */
  async function zipFolder(prefix) {
    const what = prefix === '' ? 'all files' : `“${visibleName(folderLabel(prefix))}”`;
    const task = tasks.start(`Preparing the ZIP of ${what}`);
    const url = zipUrl(prefix);
    try {
      await checkZip(url);
      task.step();
      download(url);
      task.finish(`The ZIP of ${what} is downloading.`);
    } catch (error) {
      task.fail('', messageOf(error));
      task.finish(`Could not make a ZIP of ${what}.`);
    }
  }

  return { canWrite, newFolder, zipFolder, rename, move: (entries, opener) => pickAndTransfer('move', entries, opener),
    copy: (entries, opener) => pickAndTransfer('copy', entries, opener), moveTo, removeFolder, removeSelection,
    zipSelection };
}

/** How many files are under `prefix`, counted up to COUNT_LIMIT: `{files, more}`. */
async function countFiles(prefix) {
  let files = 0;
  let cursor = null;
  try {
    do {
      const page = await listTree(prefix, { limit: COUNT_PAGE, cursor });
      files += page.items.filter((item) => !item.key.endsWith('/')).length;
      cursor = page.nextCursor;
    } while (cursor && files < COUNT_LIMIT);
  } catch {
    // The count is for the question only: the delete itself reports what goes wrong.
    return { files, more: true };
  }
  return { files, more: Boolean(cursor) };
}

function download(href) {
  const link = document.createElement('a');
  link.href = href;
  link.download = '';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}

function entryInfo(entry) {
  return { size: entry.size, contentType: entry.contentType, lastModified: entry.lastModified };
}

function folderLabel(folder) {
  const segments = folder.split('/').filter(Boolean);
  return segments.length ? segments[segments.length - 1] : 'All files';
}

/** The server's words, or plainer ones for the refusals a user meets most. */
function messageOf(error) {
  if (error instanceof ApiError) {
    if (error.code === 'conflict') return 'Something of that name is already there.';
    if (error.code === 'key-folder-conflict') return 'A file and a folder cannot have the same name.';
    if (error.status === 0) return 'The server could not be reached.';
    // A HEAD's refusal has no body to say why.
    if (!error.problem && error.status === 403) return 'You may not read all of it.';
    if (!error.problem && error.status === 404) return 'It is not there any more.';
  }
  return error.message;
}
