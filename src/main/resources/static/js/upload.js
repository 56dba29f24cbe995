// The upload queue: one multipart POST per file, three at a time, each with its progress, speed and time left, and a
// line that sums up every upload in the list (until "Clear finished"). Files over the server's limit are refused
// here, before a byte is sent.

import { uploadFile } from './api.js';
import { announce } from './announce.js';
import { formatBytes, formatDuration, formatExactBytes, formatSpeed } from './format.js';
import { createRow, renderRow } from './upload-row.js';

const PARALLEL = 3;
const SPEED_WINDOW_MS = 3000;

/** The upload panel's elements, by the ids index.html and share.html both give them. */
export function uploadPanelUi() {
  const byId = (id) => document.getElementById(id);
  return { panel: byId('uploads'), list: byId('upload-list'), total: byId('upload-total'),
    cancelAll: byId('cancel-all'), clearFinished: byId('clear-finished') };
}

/**
 * `limits` is a promise of the server's limits (null when unknown); `onStored(info)` runs with each stored FileInfo;
 * `send(file, prefix, {conflict, onProgress})` starts one upload and returns `{promise, abort}` (the page's own
 * upload by default; a share link's upload on share.html). Returns `add(entries, folder, conflict)` and
 * `remember(unfinished, {offsetOf, forget})`, which lists the unfinished resumable uploads of an earlier visit as
 * rows: picking the same file again (`matches(entry, file, prefix)`) resumes that row, its remove button forgets it.
 */
export function createUploader({ panel, list, total, cancelAll, clearFinished, limits, onStored, send = uploadFile,
  matches = () => false }) {
  const jobs = [];
  const queue = [];
  let active = 0;
  let frame = 0;

  cancelAll.addEventListener('click', () => jobs.forEach(cancel));
  // Leaving the page would abort the uploads still running: let the browser ask first.
  window.addEventListener('beforeunload', (event) => {
    if (!jobs.some(isRunning)) return;
    event.preventDefault();
    event.returnValue = '';
  });
  clearFinished.addEventListener('click', () => {
    for (let i = jobs.length - 1; i >= 0; i--) {
      if (!isRunning(jobs[i]) && jobs[i].state !== 'unfinished') jobs.splice(i, 1)[0].row.remove();
    }
    panel.hidden = jobs.length === 0;
    updateTotal();
  });

  async function add(entries, folder, conflict) {
    if (entries.length === 0) return;
    const max = (await limits)?.maxFileSize;
    const rows = document.createDocumentFragment();
    let refused = 0;
    let resumed = 0;
    for (const { file, dir } of entries) {
      const earlier = jobs.find((job) => job.state === 'unfinished' && matches(job.remembered, file, folder + dir));
      if (earlier) {
        // The same file as an unfinished upload of an earlier visit: that row goes on, with that upload's conflict
        // policy (its remembered URL is found by the same name, size, time, folder and policy).
        Object.assign(earlier, { file, state: 'queued', speed: 0, samples: [] });
        queue.push(earlier);
        renderRow(earlier);
        resumed++;
        continue;
      }
      const job = { file, path: dir + file.name, prefix: folder + dir, conflict, state: 'queued', loaded: 0,
        speed: 0, samples: [] };
      if (max != null && file.size > max) {
        job.state = 'refused';
        job.error = tooLarge(file.size, max);
        refused++;
      } else {
        queue.push(job);
      }
      jobs.push(job);
      rows.append(createRow(job, cancel, togglePause));
    }
    list.append(rows);
    panel.hidden = false;
    const sending = entries.length - refused;
    if (sending === 0) {
      announce(`Not uploaded: ${plural(refused, 'file')} too large.`, 'error');
    } else {
      const resuming = resumed ? ` (resuming ${resumed})` : '';
      announce(`Uploading ${plural(sending, 'file')}${resuming}${refused ? `; ${plural(refused, 'file')} too large` : ''}.`,
        refused ? 'error' : 'info');
    }
    pump();
    updateTotal();
  }

  /**
   * Rows for the unfinished uploads `unfinished` (see resumable.js's `unfinishedUploads`): each shows how far the
   * server got (`offsetOf(entry)`: bytes, null when the server no longer has it, undefined when unknown) and waits
   * for its file to be picked again; its remove button calls `forget(entry)`.
   */
  function remember(unfinished, { offsetOf, forget }) {
    if (unfinished.length === 0) return;
    const rows = document.createDocumentFragment();
    for (const entry of unfinished) {
      const job = { file: { name: entry.name, size: entry.size }, path: entry.prefix + entry.name,
        prefix: entry.prefix, conflict: entry.conflict, state: 'unfinished', loaded: 0, speed: 0, samples: [],
        remembered: entry, forget };
      jobs.push(job);
      rows.append(createRow(job, cancel, togglePause));
      offsetOf(entry).then((offset) => {
        if (job.state !== 'unfinished') return;
        if (offset === null) {
          drop(job);
        } else if (offset !== undefined) {
          job.loaded = offset;
          renderRow(job);
        }
      });
    }
    list.append(rows);
    panel.hidden = false;
    updateTotal();
  }

  function drop(job) {
    jobs.splice(jobs.indexOf(job), 1);
    job.row.remove();
    panel.hidden = jobs.length === 0;
    updateTotal();
  }

  function pump() {
    while (active < PARALLEL && queue.length > 0) start(queue.shift());
  }

  function start(job) {
    active++;
    job.state = 'uploading';
    job.startedAt = performance.now();
    job.handle = send(job.file, job.prefix, {
      conflict: job.conflict,
      onProgress: (sent, bodySize) => progress(job, sent, bodySize),
      onStatus: (note) => { job.note = note; renderRow(job); },
    });
    renderRow(job);
    job.handle.promise.then((info) => {
      job.state = 'done';
      job.loaded = job.file.size;
      job.storedName = info?.name;
      if (info) onStored(info);
    }, (error) => {
      if (error.name === 'AbortError') {
        job.state = 'cancelled';
      } else {
        job.state = 'failed';
        job.error = error.message;
      }
    }).finally(() => {
      active--;
      job.handle = null;
      renderRow(job);
      pump();
      updateTotal();
      if (active === 0 && queue.length === 0) announceSummary();
    });
  }

  function progress(job, sent, bodySize) {
    // The multipart body is a little larger than the file: scale to the file's bytes.
    job.loaded = Math.min(job.file.size, Math.round((sent * job.file.size) / Math.max(bodySize, 1)));
    const now = performance.now();
    job.samples.push({ at: now, loaded: job.loaded });
    while (job.samples.length > 2 && now - job.samples[0].at > SPEED_WINDOW_MS) job.samples.shift();
    const first = job.samples[0];
    const seconds = (now - first.at) / 1000;
    job.speed = seconds > 0.2 ? (job.loaded - first.loaded) / seconds
      : job.loaded / Math.max((now - job.startedAt) / 1000, 0.001);
    renderRow(job);
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; updateTotal(); });
  }

  function cancel(job) {
    if (job.state === 'unfinished') {
      job.forget(job.remembered);
      drop(job);
      announce(`Removed the unfinished upload of ${job.path}.`, 'info');
    } else if (job.state === 'queued') {
      queue.splice(queue.indexOf(job), 1);
      job.state = 'cancelled';
      renderRow(job);
      updateTotal();
      if (active === 0 && queue.length === 0) announceSummary();
    } else if (job.state === 'uploading') {
      job.handle?.abort();
    }
  }

  /** Pauses or resumes a resumable (tus) upload; other uploads have no pause. */
  function togglePause(job) {
    if (job.state !== 'uploading' || !job.handle?.pausable) return;
    job.paused = !job.paused;
    if (job.paused) job.handle.pause(); else job.handle.resume();
    renderRow(job);
  }

  function updateTotal() {
    const counts = countStates(jobs);
    const running = counts.queued + counts.uploading;
    cancelAll.hidden = running === 0;
    clearFinished.hidden = jobs.length === running + counts.unfinished;
    if (running === 0) {
      showTotal(summary(counts), '');
      return;
    }
    const sending = jobs.filter((job) => !['refused', 'cancelled', 'unfinished'].includes(job.state));
    const bytes = sending.reduce((sum, job) => sum + job.file.size, 0);
    const sent = sending.reduce((sum, job) => sum + job.loaded, 0);
    const speed = sending.reduce((sum, job) => sum + (job.state === 'uploading' ? job.speed : 0), 0);
    const parts = [`${formatBytes(sent)} of ${formatBytes(bytes)}`];
    if (speed > 0) parts.push(formatSpeed(speed), `${formatDuration((bytes - sent) / speed)} left`);
    showTotal(`${counts.done} of ${plural(sending.length, 'file')} uploaded`, parts.join(' · '));
  }

  function showTotal(headline, detail) {
    const strong = document.createElement('strong');
    strong.textContent = headline;
    const rest = document.createElement('span');
    rest.className = 'upload-total-detail';
    rest.textContent = detail;
    rest.hidden = !detail;
    total.replaceChildren(strong, rest);
  }

  function announceSummary() {
    const counts = countStates(jobs);
    announce(summary(counts), counts.failed + counts.refused > 0 ? 'error' : 'success');
  }

  return { add, remember };
}

function tooLarge(size, max) {
  let file = formatBytes(size);
  let limit = formatBytes(max);
  if (file === limit) {
    file = formatExactBytes(size);
    limit = `${formatExactBytes(max)} (${limit})`;
  }
  return `Too large: ${file} is over this server's limit of ${limit} per file.`;
}

function isRunning(job) {
  return job.state === 'queued' || job.state === 'uploading';
}

function countStates(jobs) {
  const counts = { queued: 0, uploading: 0, done: 0, failed: 0, refused: 0, cancelled: 0, unfinished: 0 };
  jobs.forEach((job) => { counts[job.state]++; });
  return counts;
}

function summary(counts) {
  const parts = [`${plural(counts.done, 'file')} uploaded`];
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.refused) parts.push(`${counts.refused} too large`);
  if (counts.cancelled) parts.push(`${counts.cancelled} cancelled`);
  if (counts.unfinished) parts.push(`${counts.unfinished} unfinished (pick the file again to resume)`);
  return parts.join(' · ');
}

function plural(n, noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
