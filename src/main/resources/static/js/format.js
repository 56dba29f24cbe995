// Human-readable sizes, speeds, durations, dates and types. Pure functions, no DOM.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 -> "1.5 KiB"; whole bytes below 1 KiB. */
export function formatBytes(bytes) {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${value} B`;
  // One decimal below 10 ("2.5 MiB"), none above ("293 KiB"), and none when it would be ".0" ("4 MiB").
  const text = value < 10 ? value.toFixed(1).replace(/\.0$/, '') : value.toFixed(0);
  return `${text} ${UNITS[unit]}`;
}

const wholeNumber = new Intl.NumberFormat();

/** 4194305 -> "4,194,305 bytes", for when rounding would hide the difference. */
export function formatExactBytes(bytes) {
  return `${wholeNumber.format(bytes)} bytes`;
}

export function formatSpeed(bytesPerSecond) {
  return bytesPerSecond > 0 ? `${formatBytes(Math.round(bytesPerSecond))}/s` : '';
}

/** 75 -> "1 min 15 s"; rounds up so that "0 s left" never shows while bytes remain. */
export function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** Date and time, for the Modified column. */
export function formatDate(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dateFormat.format(date);
}

/** The date alone, for the short line under a name on narrow screens. */
export function formatDay(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dayFormat.format(date);
}

/** The media type without parameters, or a guess from the extension when the listing has none. */
export function typeLabel(contentType, name) {
  if (contentType) return contentType.split(';')[0].trim();
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(dot + 1).toUpperCase()} file` : 'File';
}

/**
 * Compares strings in code point order, which is the server's order (UTF-8 bytes); plain `<` compares UTF-16 code
 * units and would put U+FFFD after an emoji.
 */
export function compareCodePoints(a, b) {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

function rank(unit) {
  // Surrogates (supplementary planes) sort after U+E000..U+FFFF in code point order.
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

// Bidirectional control characters (ALM, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI). Keys may contain
// them (docs/SECURITY.md), but shown raw they reorder what follows: "\u202Etxt.exe" would read "exe.txt". Every name
// is shown with each of them replaced by a visible marker, and in an element whose direction is isolated (CSS).
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** A name as the page shows it: bidi controls made visible ("\u202Etxt.exe" -> "[U+202E]txt.exe"). */
export function visibleName(name) {
  return String(name).replace(BIDI_CONTROLS, (c) => `[U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}
