// Resumable uploads: files from a size on (the server's `resumableThreshold`) go through tus 1.0.0
// (/api/v1/uploads) in chunks of `resumableChunkSize`, so that they pass proxies with body limits, survive a lost
// connection (retried with back-off from the server's offset), can be paused and resumed, and continue after a
// reload or a browser restart: the upload URL is kept in localStorage under the file's name, size and modification
// time (what tus clients match a file by), and picking the same file again resumes it from the server's offset.
//
// The page speaks tus itself (about what tus-js-client does for one upload, in this one small module) rather than
// bundling tus-js-client: no file may come from another site and there is no build step, so a bundle would be a
// vendored minified copy to keep up to date, for the four requests used here.

import { ApiError, pageHeaders } from './api.js';

const UPLOADS = '/api/v1/uploads';
const STORE_PREFIX = 'sluice-tus:';
const BACKOFF_MS = [1000, 2000, 4000, 8000, 16000, 30000];
const MAX_RETRIES = 30;

/**
 * A `send(file, prefix, {conflict, onProgress, onStatus})` for the upload queue that sends files of at least
 * `threshold` bytes by tus and the others with `fallback` (the multipart upload). `limits` is a promise of the
 * server's limits; without them every file takes the fallback. `where` is `{uploads, scope, tellsKey}` of
 * `sendResumable` (the page's own tus endpoint by default; an upload link's on share.html).
 */
export function resumableSender(limits, fallback, where = {}) {
  return (file, prefix, options) => {
    let handle = null;
    let aborted = false;
    const promise = Promise.resolve(limits).then((value) => {
      if (aborted) throw new DOMException('Upload cancelled', 'AbortError');
      const threshold = value?.resumableThreshold;
      handle = threshold != null && file.size >= threshold
        ? sendResumable(file, prefix, { ...options, ...where, chunkSize: value.resumableChunkSize })
        : fallback(file, prefix, options);
      return handle.promise;
    });
    return {
      promise,
      abort: () => { aborted = true; handle?.abort(); },
      pause: () => handle?.pause?.(),
      resume: () => handle?.resume?.(),
      get pausable() { return Boolean(handle?.pause); },
    };
  };
}

/**
 * The unfinished uploads this browser remembers for `scope` (the page's own: '', an upload link's: its own):
 * `[{key, url, name, size, lastModified, prefix, conflict}]`, for the page to list after a reload or a browser
 * restart. An entry is resumed by picking the same file again (`matchesFile`) and removed by `forgetUpload`.
 */
export function unfinishedUploads(scope = '') {
  const found = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key?.startsWith(STORE_PREFIX)) continue;
    try {
      const saved = JSON.parse(localStorage.getItem(key));
      if ((saved.scope ?? '') !== scope) continue;
      found.push({ key, url: saved.url, name: saved.name, size: saved.size, lastModified: saved.lastModified,
        prefix: saved.prefix, conflict: saved.conflict ?? 'rename' });
    } catch {
      localStorage.removeItem(key);
    }
  }
  return found.sort((a, b) => (a.prefix + a.name).localeCompare(b.prefix + b.name));
}

/** Whether `file`, picked into `prefix`, is the one `entry` remembers (name, size, modification time: tus's match). */
export function matchesFile(entry, file, prefix) {
  return entry.name === file.name && entry.size === file.size && entry.lastModified === file.lastModified
    && entry.prefix === prefix;
}

/** How many bytes of `entry` the server holds; null (and the entry forgotten) when it no longer knows the upload. */
export async function uploadOffset(entry) {
  let response;
  try {
    response = await fetch(entry.url, { method: 'HEAD', credentials: 'same-origin',
      headers: { ...pageHeaders('HEAD'), 'Tus-Resumable': '1.0.0' } });
  } catch {
    return undefined;
  }
  if (response.status === 404 || response.status === 410) {
    localStorage.removeItem(entry.key);
    return null;
  }
  return response.ok ? Number(response.headers.get('Upload-Offset') ?? 0) : undefined;
}

/** Forgets `entry` and terminates its upload on the server (tus termination), so that its bytes go too. */
export function forgetUpload(entry) {
  localStorage.removeItem(entry.key);
  return fetch(entry.url, { method: 'DELETE', credentials: 'same-origin',
    headers: { ...pageHeaders('DELETE'), 'Tus-Resumable': '1.0.0' } }).then(() => {}, () => {});
}

/**
 * Sends `file` by tus to `uploads` (the creation URL), remembering it under `scope` for a later resume. Returns
 * `{promise, abort, pause, resume}`; the promise resolves to the stored FileInfo (null where the server does not
 * tell the stored name: `tellsKey` false, as for an upload link) and rejects with an ApiError, or an AbortError
 * after `abort()` (which also terminates the upload on the server).
 */
export function sendResumable(file, prefix, {
  conflict = 'rename', chunkSize, onProgress, onStatus, uploads = UPLOADS, scope = '', tellsKey = true,
} = {}) {
  const fingerprint = `${STORE_PREFIX}${scope}${prefix}${file.name}|${file.size}|${file.lastModified}|${conflict}`;
  let xhr = null;
  let aborted = false;
  let paused = false;
  let resync = false;
  let wake = null;

  const status = (text) => onStatus?.(text);
  const progress = (sent) => onProgress?.(sent, file.size);

  async function run() {
    let url = await resumeUrl();
    let offset = 0;
    if (url) {
      offset = await head(url);
      if (offset === null) url = null;
    }
    if (!url) {
      url = await create();
      offset = 0;
    }
    localStorage.setItem(fingerprint, JSON.stringify({ url, name: file.name, size: file.size,
      lastModified: file.lastModified, prefix, conflict, scope }));
    let failures = 0;
    let result = null;
    while (result === null) {
      await whilePaused();
      try {
        if (resync) {
          // A paused chunk may have been kept in part: go on from the server's offset.
          resync = false;
          const current = await head(url);
          if (current === null) throw new ApiError(404, { detail: 'The upload expired on the server; start it again' });
          offset = current;
        }
        if (offset >= file.size) {
          result = tellsKey ? await finished(url) : '';
          break;
        }
        const end = Math.min(file.size, offset + chunkSize);
        const sent = await patch(url, offset, file.slice(offset, end));
        offset = sent.offset;
        failures = 0;
        status('');
        if (sent.key) result = sent.key;
        else if (!tellsKey && offset >= file.size) result = '';
      } catch (error) {
        if (aborted || error.name === 'AbortError') throw error;
        if (paused) continue;
        if (!retryable(error) || ++failures > MAX_RETRIES) throw error;
        const wait = BACKOFF_MS[Math.min(failures - 1, BACKOFF_MS.length - 1)];
        status(`Connection lost, retrying in ${Math.round(wait / 1000)} s`);
        await sleep(wait);
        status('Reconnecting…');
        const current = await head(url).catch(() => null);
        if (current === null && !(await reachable())) continue;
        if (current === null) throw new ApiError(404, { detail: 'The upload expired on the server; start it again' });
        offset = current;
      }
    }
    localStorage.removeItem(fingerprint);
    progress(file.size);
    return result ? metadata(result) : null;
  }

  async function resumeUrl() {
    try {
      return JSON.parse(localStorage.getItem(fingerprint))?.url ?? null;
    } catch {
      return null;
    }
  }

  async function create() {
    const response = await tusFetch(uploads, 'POST', {
      'Upload-Length': String(file.size),
      'Upload-Metadata': metadataHeader({ filename: file.name, filetype: file.type || '', prefix, conflict }),
    });
    const location = response.headers.get('Location');
    return new URL(location, window.location.href).pathname;
  }

  /** The server's offset, or null when it no longer knows the upload (404: expired, terminated, finished long ago). */
  async function head(url) {
    const response = await fetch(url, { method: 'HEAD', credentials: 'same-origin',
      headers: { ...pageHeaders('HEAD'), 'Tus-Resumable': '1.0.0' } });
    if (response.status === 404 || response.status === 410) {
      localStorage.removeItem(fingerprint);
      return null;
    }
    if (!response.ok) throw new ApiError(response.status, null);
    if (response.headers.get('Sluice-Key')) return Number(response.headers.get('Upload-Length') ?? file.size);
    return Number(response.headers.get('Upload-Offset'));
  }

  async function finished(url) {
    const response = await fetch(url, { method: 'HEAD', credentials: 'same-origin',
      headers: { ...pageHeaders('HEAD'), 'Tus-Resumable': '1.0.0' } });
    const key = response.headers.get('Sluice-Key');
    if (!response.ok || !key) throw new ApiError(response.status, { detail: 'The upload did not finish' });
    return key;
  }

  /** One chunk by XHR (for its progress); resolves to `{offset, key}` from the response headers. */
  function patch(url, offset, chunk) {
    return new Promise((resolve, reject) => {
      xhr = new XMLHttpRequest();
      xhr.open('PATCH', url);
      Object.entries({ ...pageHeaders('PATCH'), 'Tus-Resumable': '1.0.0', 'Upload-Offset': String(offset),
        'Content-Type': 'application/offset+octet-stream' }).forEach(([name, value]) => xhr.setRequestHeader(name, value));
      xhr.upload.addEventListener('progress', (event) => progress(offset + event.loaded));
      xhr.addEventListener('load', () => {
        if (xhr.status === 204) {
          resolve({ offset: Number(xhr.getResponseHeader('Upload-Offset')), key: xhr.getResponseHeader('Sluice-Key') });
        } else {
          reject(new ApiError(xhr.status, parseProblem(xhr.responseText)));
        }
      });
      xhr.addEventListener('error', () => reject(new ApiError(0, null)));
      xhr.addEventListener('abort', () => reject(paused
        ? new ApiError(0, null) : new DOMException('Upload cancelled', 'AbortError')));
      xhr.send(chunk);
    });
  }

  /** The stored file's FileInfo; `key` is Sluice-Key as sent, already percent-encoded as a path. */
  async function metadata(key) {
    const response = await fetch(`/api/v1/metadata/${key}`, {
      credentials: 'same-origin', headers: { ...pageHeaders(), Accept: 'application/json' } });
    return response.ok ? response.json() : null;
  }

  async function tusFetch(url, method, headers) {
    let response;
    try {
      response = await fetch(url, { method, credentials: 'same-origin',
        headers: { ...pageHeaders(method), 'Tus-Resumable': '1.0.0', ...headers } });
    } catch {
      throw new ApiError(0, null);
    }
    if (!response.ok) throw new ApiError(response.status, parseProblem(await response.text()));
    return response;
  }

  async function reachable() {
    try {
      return (await fetch(uploads, { method: 'OPTIONS', credentials: 'same-origin' })).ok;
    } catch {
      return false;
    }
  }

  function whilePaused() {
    return paused ? new Promise((resolve) => { wake = resolve; }) : Promise.resolve();
  }

  function sleep(ms) {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => { clearTimeout(timer); resolve(); };
    });
  }

  const promise = run();
  return {
    promise,
    abort: () => {
      aborted = true;
      xhr?.abort();
      wake?.();
      const saved = localStorage.getItem(fingerprint);
      localStorage.removeItem(fingerprint);
      try {
        const url = JSON.parse(saved)?.url;
        if (url) {
          fetch(url, { method: 'DELETE', credentials: 'same-origin',
            headers: { ...pageHeaders('DELETE'), 'Tus-Resumable': '1.0.0' } }).catch(() => {});
        }
      } catch {
        // nothing saved: nothing to terminate
      }
    },
    pause: () => {
      paused = true;
      resync = true;
      status('Paused');
      xhr?.abort();
    },
    resume: () => {
      paused = false;
      status('');
      const resolve = wake;
      wake = null;
      resolve?.();
    },
  };
}

/** Network failures, server errors and 409/423 (another request held the upload, or the offset moved). */
function retryable(error) {
  return error.status === 0 || error.status >= 500 || error.status === 409 || error.status === 423;
}

function metadataHeader(pairs) {
  return Object.entries(pairs)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key} ${base64(value)}`)
    .join(',');
}

function base64(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  bytes.forEach((byte) => { binary += String.fromCharCode(byte); });
  return btoa(binary);
}

function parseProblem(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
