// One visible, polite live region for what the page has to say: uploads started and finished, links copied, files
// deleted, errors. Screen readers read it; sighted users see it as a short-lived notice. The region stays in the
// document (never display:none), because live regions that appear and disappear are not announced reliably.

const SHOW_FOR_MS = 6000;
let region;
let timer;

export function initAnnouncer(element) {
  region = element;
}

/** Says `message`; `tone` is "info", "success" or "error". */
export function announce(message, tone = 'info') {
  if (!region) return;
  clearTimeout(timer);
  region.dataset.tone = tone;
  region.textContent = message;
  region.classList.add('visible');
  timer = setTimeout(() => {
    region.classList.remove('visible');
    region.textContent = '';
  }, SHOW_FOR_MS);
}
