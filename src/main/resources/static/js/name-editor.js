// Editing a name in place, in the listing's name cell: for "Rename" over the row's name, for "New folder" in a row
// of its own at the top. Enter (or leaving the field with a changed name) saves, Escape gives up; while the server
// answers the field is read-only, and a refusal is shown under it, the field staying open to try another name.

/**
 * Puts a text field into `cell` in place of what it shows, holding `initial`, with the accessible name `label`.
 * `save(name)` returns a promise: resolved, the field goes (the caller renders the result); rejected with an
 * Error, its message is shown. `onClose(saved)` runs once when the field goes. Returns the field.
 */
export function editName(cell, initial, { label, save, onClose = () => {} }) {
  const shown = [...cell.childNodes];
  const form = document.createElement('form');
  form.className = 'name-edit';
  form.noValidate = true;
  form.innerHTML = '<input type="text" class="name-input" autocomplete="off" spellcheck="false">'
    + '<p class="form-error name-error" role="alert"></p>';
  const input = form.querySelector('input');
  const error = form.querySelector('.name-error');
  input.value = initial;
  input.setAttribute('aria-label', label);
  const errorId = `name-error-${Math.random().toString(36).slice(2)}`;
  error.id = errorId;
  input.setAttribute('aria-describedby', errorId);
  cell.replaceChildren(form);
  input.focus();
  // The name without its extension is what one usually changes ("report" of "report.pdf").
  const dot = initial.lastIndexOf('.');
  input.setSelectionRange(0, dot > 0 ? dot : initial.length);

  let busy = false;
  let closed = false;

  function close(saved) {
    if (closed) return;
    closed = true;
    if (!saved) cell.replaceChildren(...shown);
    onClose(saved);
  }

  async function commit() {
    if (busy || closed) return;
    const name = input.value.trim();
    const problem = invalidName(name);
    if (name === initial) {
      close(false);
      return;
    }
    if (problem) {
      showError(problem);
      return;
    }
    busy = true;
    input.readOnly = true;
    form.setAttribute('aria-busy', 'true');
    try {
      await save(name);
      close(true);
    } catch (failure) {
      showError(failure.message);
    } finally {
      busy = false;
      input.readOnly = false;
      form.removeAttribute('aria-busy');
    }
  }

  function showError(message) {
    error.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    commit();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !busy) {
      event.preventDefault();
      close(false);
    }
  });
  input.addEventListener('input', () => {
    error.textContent = '';
    input.removeAttribute('aria-invalid');
  });
  // Leaving the field keeps a changed name, as file managers do; an unchanged or refused one is given up.
  input.addEventListener('blur', () => {
    if (busy || closed) return;
    if (input.value.trim() === initial || error.textContent) close(false); else commit();
  });
  return input;
}

/** Why `name` cannot be a file or folder name, or null: the server checks again (docs/API.md, Keys). */
export function invalidName(name) {
  if (name === '') return 'A name is needed.';
  if (name.includes('/') || name.includes('\\')) return 'A name cannot hold “/” or “\\”.';
  if (name === '.' || name === '..') return 'That name is reserved.';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'A name cannot hold control characters.';
  return null;
}
