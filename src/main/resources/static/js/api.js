// The Sluice HTTP API v1, as the page uses it. Keys are percent-encoded segment by segment.
//
// Every request goes through here, because two rules of the server apply to all of them (docs/SECURITY.md):
// - `X-Requested-With: XMLHttpRequest` marks it as the page's own, so that a 401 carries no Basic challenge and the
//   browser never opens its password dialog over the page;
// - a state-changing request (anything but GET and HEAD) carries the CSRF token: the value of the `XSRF-TOKEN`
//   cookie, copied into the `X-XSRF-TOKEN` header. A cookie alone proves nothing (another site's form sends it too);
//   only a script of this origin can read it and copy it into a header.

const FILES = '/api/v1/files';
const SHARES = '/api/v1/shares';
const CSRF_COOKIE = 'XSRF-TOKEN';
const CSRF_HEADER = 'X-XSRF-TOKEN';
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** "a b/c?.txt" -> "a%20b/c%3F.txt": each segment encoded, the slashes kept. */
export function encodeKey(key) {
  return key.split('/').map(encodeURIComponent).join('/');
}

/** The URL of an object's content; `download` asks for an attachment. */
export function fileUrl(key, { download = false } = {}) {
  return `${FILES}/${encodeKey(key)}${download ? '?download=true' : ''}`;
}

/** An error carrying the server's problem details (RFC 9457), or a network failure. */
export class ApiError extends Error {
  constructor(status, problem, retryAfter = null) {
    super(problem?.detail || problem?.title || (status ? `HTTP ${status}` : 'The server could not be reached'));
    this.status = status;
    this.code = problem?.code;
    this.problem = problem;
    /** Seconds to wait, from a 429's Retry-After; null when the server did not say. */
    this.retryAfter = retryAfter;
  }
}

// A 401 in the middle of a session (it expired, or the user was removed) is everybody's business: the page listens
// for it and shows the login form.
const unauthorizedListeners = new Set();

/** Runs `listener(error)` whenever a request of the page is answered 401. Returns a function that unsubscribes. */
export function onUnauthorized(listener) {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** A JSON response body, or null when it is not JSON (a proxy's HTML error page, an empty body). */
function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function problemOf(text) {
  const value = parseJson(text);
  return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

/** Retry-After as seconds: either delay-seconds or an HTTP date (RFC 9110). */
function retryAfterSeconds(value) {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function errorOf(status, text, retryAfter, { notify = true } = {}) {
  const error = new ApiError(status, problemOf(text), retryAfterSeconds(retryAfter));
  if (status === 401 && notify) unauthorizedListeners.forEach((listener) => listener(error));
  return error;
}

/** The CSRF token the server put in its cookie, or null before the first response set it. */
function csrfToken() {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(value.join('='));
  }
  return null;
}

/**
 * The headers every request of the page sends, plus the CSRF header for `method`. The server sets the cookie on any
 * response to a request without an Authorization header (the page's first request, GET /api/v1/me, gets it).
 */
export function pageHeaders(method = 'GET') {
  const headers = { 'X-Requested-With': 'XMLHttpRequest' };
  if (!SAFE_METHODS.has(method.toUpperCase())) {
    const token = csrfToken();
    if (token) headers[CSRF_HEADER] = token;
  }
  return headers;
}

/** Makes sure the CSRF cookie exists before a state-changing request (a tab left open while cookies were cleared). */
async function ensureCsrfCookie() {
  if (csrfToken() !== null) return;
  try {
    await fetch('/api/v1/me', { headers: pageHeaders(), credentials: 'same-origin' });
  } catch {
    // The request that follows reports the network failure.
  }
}

async function request(url, { method = 'GET', headers = {}, body, notify } = {}) {
  if (!SAFE_METHODS.has(method)) await ensureCsrfCookie();
  let response;
  try {
    response = await fetch(url, { method, body, credentials: 'same-origin',
      headers: { ...pageHeaders(method), ...headers } });
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) {
    throw errorOf(response.status, await response.text(), response.headers.get('Retry-After'), { notify });
  }
  return response;
}

const JSON_ACCEPT = { Accept: 'application/json' };

async function getJson(url) {
  return (await request(url, { headers: JSON_ACCEPT })).json();
}

async function sendJson(method, url, value, options = {}) {
  return request(url, { method, body: JSON.stringify(value), ...options,
    headers: { ...JSON_ACCEPT, 'Content-Type': 'application/json' } });
}

// Session

/**
 * Who the caller is: `{name, roles, home, authenticated, loginRequired}`. Never 401: an anonymous caller gets
 * `authenticated: false` (and `roles: ["reader"]` when the server lets anyone read).
 */
export async function fetchMe() {
  return getJson('/api/v1/me');
}

/** Logs in; resolves to the same shape as `fetchMe()`. Rejects with an ApiError (401, or 429 with `retryAfter`). */
export async function login(name, password) {
  // A wrong password is the login form's own business, not a "session expired" event.
  return (await sendJson('POST', '/login', { name, password }, { notify: false })).json();
}

export async function logout() {
  await request('/logout', { method: 'POST', notify: false });
}

// Files

/** `{maxFileSize, maxParts}` of the server. */
export async function fetchLimits() {
  return getJson('/api/v1/limits');
}

/** One page of a folder: `{items, prefixes, nextCursor}`. */
export async function listFolder(prefix, { limit, cursor } = {}) {
  return getJson(`${FILES}?${listQuery(prefix, { limit, cursor })}`);
}

/** One page of everything under `prefix`, at any depth (no delimiter): `{items, prefixes, nextCursor}`. */
export async function listTree(prefix, { limit, cursor } = {}) {
  const query = listQuery(prefix, { limit, cursor });
  query.delete('delimiter');
  return getJson(`${FILES}?${query}`);
}

function listQuery(prefix, { limit, cursor }) {
  const query = new URLSearchParams({ prefix, delimiter: '/' });
  if (limit) query.set('limit', String(limit));
  if (cursor) query.set('cursor', cursor);
  return query;
}

export async function deleteFile(key) {
  await request(`${FILES}/${encodeKey(key)}`, { method: 'DELETE' });
}

// Folders, moves, copies and ZIP downloads (issue #15). A folder is addressed by its key without the trailing "/".

const FOLDERS = '/api/v1/folders';

function folderPath(prefix) {
  return encodeKey(prefix.replace(/\/$/, ''));
}

/** Creates the folder `prefix` ("a/b/") and its parents; resolves when it exists (created now or before). */
export async function createFolder(prefix) {
  await request(`${FOLDERS}/${folderPath(prefix)}`, { method: 'PUT' });
}

/** Deletes the folder `prefix`; `recursive` also deletes everything in it (else a folder that holds files is 409). */
export async function deleteFolder(prefix, { recursive = false } = {}) {
  await request(`${FOLDERS}/${folderPath(prefix)}${recursive ? '?recursive=true' : ''}`, { method: 'DELETE' });
}

/**
 * Moves (`operation` "move") or copies ("copy") a file or a folder (both ending in "/") to `to`; `conflict` is
 * "fail", "replace" or "rename". Resolves to the server's answer: a FileInfo for a file, a summary for a folder.
 */
export async function transfer(operation, from, to, conflict = 'fail') {
  return (await sendJson('POST', `/api/v1/${operation}`, { from, to, conflict })).json();
}

/** The URL of the ZIP of the folder `prefix` ("" for everything the caller may read). */
export function zipUrl(prefix) {
  return `/api/v1/zip/${folderPath(prefix)}`;
}

/** Asks whether the ZIP at `url` can be downloaded (HEAD: the archive is not built); rejects with an ApiError. */
export async function checkZip(url) {
  await request(url, { method: 'HEAD' });
}

/**
 * Asks for a short-lived URL of a ZIP of `keys` (files, and folders ending in "/"); resolves to
 * `{href, expiresAt}`.
 */
export async function createZip(keys) {
  return (await sendJson('POST', '/api/v1/zips', { items: keys })).json();
}

/**
 * Uploads one file with a multipart POST into `prefix` (empty or ending in "/"). Returns `{promise, abort}` (see
 * `postFile`).
 */
export function uploadFile(file, prefix, { conflict = 'rename', onProgress } = {}) {
  return postFile(`${FILES}?${new URLSearchParams({ prefix, conflict })}`, file, { onProgress });
}

/**
 * POSTs `file` as the multipart part `file` to `url`. XHR rather than fetch because only XHR reports upload
 * progress. Returns `{promise, abort}`; the promise resolves to the first stored FileInfo (or null) and rejects with
 * an ApiError, or with an AbortError after `abort()`.
 */
function postFile(url, file, { onProgress, notify } = {}) {
  const xhr = new XMLHttpRequest();
  let aborted = false;
  const promise = ensureCsrfCookie().then(() => new Promise((resolve, reject) => {
    if (aborted) {
      reject(new DOMException('Upload cancelled', 'AbortError'));
      return;
    }
    xhr.open('POST', url);
    xhr.responseType = 'text';
    xhr.setRequestHeader('Accept', 'application/json');
    Object.entries(pageHeaders('POST')).forEach(([name, value]) => xhr.setRequestHeader(name, value));
    xhr.upload.addEventListener('progress', (event) => {
      if (onProgress && event.lengthComputable) onProgress(event.loaded, event.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status === 201 || xhr.status === 200) {
        const stored = parseJson(xhr.responseText);
        resolve(Array.isArray(stored) ? stored[0] ?? null : stored);
      } else {
        reject(errorOf(xhr.status, xhr.responseText, xhr.getResponseHeader('Retry-After'), { notify }));
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, null)));
    xhr.addEventListener('abort', () => reject(new DOMException('Upload cancelled', 'AbortError')));
    const body = new FormData();
    body.append('file', file, file.name);
    xhr.send(body);
  }));
  return { promise, abort: () => { aborted = true; xhr.abort(); } };
}

// Share links

/**
 * Creates a share link: `target` is `{key}` or `{prefix}`, `expiresIn` an ISO-8601 duration ("PT1H", "P7D"),
 * `permission` "read" or "upload". Resolves to the link: `{id, url, key|prefix, permission, expiresAt, ...}`.
 */
export async function createShare(target, expiresIn, permission) {
  return (await sendJson('POST', SHARES, { ...target, expiresIn, permission })).json();
}

/** The caller's share links (an admin's: everyone's), `[{id, url, key|prefix, permission, expiresAt, ...}]`. */
export async function listShares() {
  return (await getJson(SHARES)).items ?? [];
}

export async function revokeShare(id) {
  await request(`${SHARES}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** An absolute URL of a share link's (usually relative) `url`. */
export function absoluteShareUrl(share) {
  return new URL(share.url, location.href).href;
}

// What a share link's holder may do, without a session: the link's token is the only credential.

/** The API of one share link, for share.html. 401s here are not a session's: nobody is told to log in. */
export function shareLinkApi(token) {
  const base = `/api/v1/s/${encodeURIComponent(token)}`;
  return {
    /** One page of the shared folder (or `sub`-folder under it, relative to it), like `listFolder`; keys relative. */
    list: (sub, { limit, cursor } = {}) => request(`${base}/files?${listQuery(sub, { limit, cursor })}`,
      { headers: JSON_ACCEPT, notify: false }).then((response) => response.json()),
    /** The URL that downloads `rest` (a key relative to the shared prefix). */
    fileUrl: (rest, { download = false } = {}) =>
      `${base}/files/${encodeKey(rest)}${download ? '?download=true' : ''}`,
    /**
     * Uploads into the link's prefix (the server renames on conflict and answers only `{stored: n}`, never names);
     * `{promise, abort}` like `uploadFile`.
     */
    upload: (file, { onProgress } = {}) => postFile(`${base}/files`, file, { onProgress, notify: false }),
    /** What the link allows: `{permission, limits}` (the upload limits, for an upload link; else null). */
    describe: () => request(base, { headers: JSON_ACCEPT, notify: false }).then((response) => response.json()),
    /** The link's tus creation URL (resumable uploads into its folder). */
    uploads: `${base}/uploads`,
  };
}
