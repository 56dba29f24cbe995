// Icons as single elements whose shapes live in app.css (CSS masks in the text colour): no icon font, no request,
// and far cheaper to lay out than inline SVG when a listing has thousands of rows.

/** The markup of an icon, hidden from assistive technology (its button or link carries the name). */
export function icon(name) {
  return `<span class="icon icon-${name}" aria-hidden="true"></span>`;
}
