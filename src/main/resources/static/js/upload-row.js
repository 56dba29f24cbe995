// The view of one upload: name, state, progress bar, bytes, speed, time left, and a cancel button while it runs (a
// remove button for an unfinished upload of an earlier visit).

import { formatBytes, formatDuration, formatSpeed } from './format.js';
import { icon } from './icons.js';

const LABELS = {
  queued: 'Waiting',
  uploading: 'Uploading',
  done: 'Uploaded',
  failed: 'Failed',
  refused: 'Not uploaded',
  cancelled: 'Cancelled',
  unfinished: 'Unfinished',
};

/**
 * Builds the list item of `job`; the caller appends it. `onCancel` runs when its cancel button is pressed,
 * `onPause` when its pause/resume button is (shown only for uploads that can pause: resumable ones).
 */
export function createRow(job, onCancel, onPause = () => {}) {
  const row = document.createElement('li');
  row.className = 'upload';
  row.innerHTML = `
    <div class="upload-line">
      <span class="upload-name"></span>
      <span class="upload-state"></span>
      <button type="button" class="upload-pause" hidden></button>
      <button type="button" class="icon-button upload-cancel">${icon('close')}</button>
    </div>
    <progress class="upload-bar"></progress>
    <p class="upload-detail"></p>`;
  const name = row.querySelector('.upload-name');
  name.textContent = job.path;
  name.title = job.path;
  row.querySelector('.upload-cancel').addEventListener('click', () => onCancel(job));
  row.querySelector('.upload-pause').addEventListener('click', () => onPause(job));
  const bar = row.querySelector('.upload-bar');
  bar.setAttribute('aria-label', `Progress of ${job.path}`);
  bar.max = Math.max(job.file.size, 1);
  job.row = row;
  renderRow(job);
  return row;
}

/** Shows `job`'s current state in its row. */
export function renderRow(job) {
  const row = job.row;
  if (!row) return;
  const running = job.state === 'queued' || job.state === 'uploading';
  row.dataset.state = job.state;
  const cancel = row.querySelector('.upload-cancel');
  cancel.hidden = !running && job.state !== 'unfinished';
  const what = job.state === 'unfinished' ? 'Remove unfinished upload of' : 'Cancel upload of';
  cancel.setAttribute('aria-label', `${what} ${job.path}`);
  cancel.title = job.state === 'unfinished' ? 'Remove' : 'Cancel';
  const pause = row.querySelector('.upload-pause');
  pause.hidden = !(job.state === 'uploading' && job.handle?.pausable);
  pause.textContent = job.paused ? 'Resume' : 'Pause';
  pause.setAttribute('aria-label', `${job.paused ? 'Resume' : 'Pause'} upload of ${job.path}`);
  const bar = row.querySelector('.upload-bar');
  bar.value = job.state === 'done' ? bar.max : Math.min(job.loaded, bar.max);
  bar.hidden = job.state === 'refused';
  const state = row.querySelector('.upload-state');
  state.textContent = job.state === 'uploading' && job.file.size > 0
    ? `${Math.floor((100 * job.loaded) / job.file.size)}%`
    : LABELS[job.state];
  const detail = row.querySelector('.upload-detail');
  detail.textContent = detailOf(job);
  // Errors sit next to the file they belong to; role=alert would interrupt for every failed file of a batch, so the
  // batch summary is announced once instead.
  detail.classList.toggle('error', job.state === 'failed' || job.state === 'refused');
}

function detailOf(job) {
  const size = formatBytes(job.file.size);
  switch (job.state) {
    case 'uploading': {
      const parts = [`${formatBytes(job.loaded)} of ${size}`];
      if (job.note) parts.unshift(job.note);
      if (job.speed > 0) {
        parts.push(formatSpeed(job.speed));
        parts.push(`${formatDuration((job.file.size - job.loaded) / job.speed)} left`);
      }
      return parts.join(' · ');
    }
    case 'unfinished':
      return `${formatBytes(job.loaded)} of ${size} sent · pick this file again to resume`;
    case 'done':
      return job.storedName && job.storedName !== job.file.name
        ? `${size} · saved as “${job.storedName}” (a file of that name exists)`
        : size;
    case 'failed':
    case 'refused':
      return job.error;
    default:
      return size;
  }
}
