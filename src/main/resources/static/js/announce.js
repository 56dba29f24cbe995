// What the page has to say (uploads started and finished, links copied, files deleted, errors) goes to two places:
// a polite live region that screen readers read, which is always in the accessibility tree, and a short-lived
// visual notice, hidden from assistive technology so that nothing is read twice.

const SHOW_FOR_MS = 6000;
let live;
let toast;
let timer;

export function initAnnouncer(liveRegion, notice) {
  live = liveRegion;
  toast = notice;
}

/** Says `message`; `tone` is "info", "success" or "error". */
export function announce(message, tone = 'info') {
  if (!live) return;
  // Emptied first, so that the same message twice in a row is announced twice.
  live.textContent = '';
  requestAnimationFrame(() => { live.textContent = message; });
  clearTimeout(timer);
  toast.dataset.tone = tone;
  toast.textContent = message;
  toast.classList.add('visible');
  timer = setTimeout(() => toast.classList.remove('visible'), SHOW_FOR_MS);
}
