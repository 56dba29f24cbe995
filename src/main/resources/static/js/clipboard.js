// Copies text: the async Clipboard API where the page may use it (a secure context, permission given), else the old
// execCommand on a hidden text area, else a prompt the user can copy from. Resolves to true when it was copied.

export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Denied or unfocused: try the other ways.
    }
  }
  if (copyWithSelection(text)) return true;
  window.prompt('Copy this link:', text);
  return false;
}

function copyWithSelection(text) {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}
