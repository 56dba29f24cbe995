// The Sluice HTTP API v1, as the page uses it. Keys are percent-encoded segment by segment.

const FILES = '/api/v1/files';

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
  constructor(status, problem) {
    super(problem?.detail || problem?.title || (status ? `HTTP ${status}` : 'The server could not be reached'));
    this.status = status;
    this.code = problem?.code;
    this.problem = problem;
  }
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

async function request(url, options) {
  let response;
  try {
    response = await fetch(url, options);
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) {
    throw new ApiError(response.status, problemOf(await response.text()));
  }
  return response;
}

/** `{maxFileSize, maxParts}` of the server. */
export async function fetchLimits() {
  return (await request('/api/v1/limits', { headers: { Accept: 'application/json' } })).json();
}

/** One page of a folder: `{items, prefixes, nextCursor}`. */
export async function listFolder(prefix, { limit, cursor } = {}) {
  const query = new URLSearchParams({ prefix, delimiter: '/' });
  if (limit) query.set('limit', String(limit));
  if (cursor) query.set('cursor', cursor);
  return (await request(`${FILES}?${query}`, { headers: { Accept: 'application/json' } })).json();
}

export async function deleteFile(key) {
  await request(`${FILES}/${encodeKey(key)}`, { method: 'DELETE' });
}

/**
 * Uploads one file with a multipart POST into `prefix` (empty or ending in "/"). XHR rather than fetch because only
 * XHR reports upload progress. Returns `{promise, abort}`; the promise resolves to the stored FileInfo and rejects
 * with an ApiError, or with an AbortError after `abort()`.
 */
export function uploadFile(file, prefix, { conflict = 'rename', onProgress } = {}) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    const query = new URLSearchParams({ prefix, conflict });
    xhr.open('POST', `${FILES}?${query}`);
    xhr.responseType = 'text';
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (event) => {
      if (onProgress && event.lengthComputable) onProgress(event.loaded, event.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status === 201) {
        const stored = parseJson(xhr.responseText);
        resolve(Array.isArray(stored) ? stored[0] : null);
      } else {
        reject(new ApiError(xhr.status, problemOf(xhr.responseText)));
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, null)));
    xhr.addEventListener('abort', () => reject(new DOMException('Upload cancelled', 'AbortError')));
    const body = new FormData();
    body.append('file', file, file.name);
    xhr.send(body);
  });
  return { promise, abort: () => xhr.abort() };
}
