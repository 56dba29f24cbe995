// Who is using the page: the login form (shown when the server wants a login and nobody is logged in), the user's
// name and roles in the top bar, and logging out. The session itself is the server's signed cookie; the page only
// asks GET /api/v1/me who it is.

import { fetchMe, login, logout, onUnauthorized } from './api.js';
import { announce } from './announce.js';
import { formatDuration } from './format.js';

const $ = (selector) => document.querySelector(selector);

/** What `me` may do on the page. */
export function abilitiesOf(me) {
  const roles = new Set(me.roles ?? []);
  return {
    read: roles.has('reader') || roles.has('writer') || roles.has('admin'),
    write: roles.has('writer') || roles.has('admin'),
    admin: roles.has('admin'),
    // Share links are made by a writer the server knows (a link hands out the maker's access); with security off
    // there is nobody to own them.
    share: Boolean(me.authenticated) && (roles.has('writer') || roles.has('admin')),
    home: me.home || '',
  };
}

/**
 * Finds out who the caller is and shows either the login form or the files. `onReady(me)` runs once someone may
 * see files (at once when already logged in, after a login otherwise). Returns nothing; the page reloads after a
 * logout or a lost session, so that nothing of the previous user stays in memory.
 */
export async function startSession(onReady) {
  let me;
  try {
    me = await fetchMe();
  } catch (error) {
    showLogin(onReady, `Could not reach the server: ${error.message}`);
    return;
  }
  onUnauthorized(() => {
    // The session ended under the page (it expired, the user was removed, the server's secret changed).
    if (!$('#login-view').hidden) return;
    showLogin(() => location.reload(), 'Your session has ended. Log in again to continue.');
  });
  if (me.loginRequired && !me.authenticated && !abilitiesOf(me).read) {
    showLogin(onReady);
  } else {
    showUser(me);
    onReady(me);
  }
}

function showUser(me) {
  const session = $('#session');
  session.hidden = !me.loginRequired;
  $('#user').hidden = !me.authenticated;
  $('#logout').hidden = !me.authenticated;
  // Anonymous reading is on: the files show, and a button offers the login for more.
  $('#login-link').hidden = me.authenticated || !me.loginRequired;
  if (me.authenticated) {
    $('#user-name').textContent = me.name;
    const role = ['admin', 'writer', 'reader'].find((name) => me.roles.includes(name));
    $('#user-roles').textContent = role ?? '';
    $('#user-roles').hidden = !role;
    $('#user').title = me.home ? `${me.name} (${me.roles.join(', ')}), in ${me.home}` : `${me.name} (${me.roles.join(', ')})`;
  }
}

let loginReady = null;

function showLogin(onReady, message = '') {
  $('#files-view').hidden = true;
  $('#login-view').hidden = false;
  $('#session').hidden = true;
  document.title = 'Log in · Sluice';
  setError(message);
  $('#login-password').value = '';
  loginReady = onReady;
  // Focus the first field that needs typing, so that a keyboard user can start at once.
  ($('#login-name').value ? $('#login-password') : $('#login-name')).focus();
}

function setError(message) {
  const error = $('#login-error');
  error.textContent = message;
  for (const input of [$('#login-name'), $('#login-password')]) {
    if (message) {
      input.setAttribute('aria-describedby', 'login-error');
    } else {
      input.removeAttribute('aria-describedby');
    }
  }
}

let waitTimer = 0;

/** Keeps the submit button disabled and the wait counting down until the server takes attempts again. */
function waitBeforeRetry(seconds) {
  const submit = $('#login-submit');
  const until = Date.now() + seconds * 1000;
  clearInterval(waitTimer);
  const tick = () => {
    const left = Math.ceil((until - Date.now()) / 1000);
    if (left <= 0) {
      clearInterval(waitTimer);
      submit.disabled = false;
      submit.textContent = 'Log in';
      return;
    }
    submit.disabled = true;
    submit.textContent = `Wait ${formatDuration(left)}`;
  };
  tick();
  waitTimer = setInterval(tick, 1000);
}

$('#login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = $('#login-name').value.trim();
  const password = $('#login-password').value;
  if (!name || !password) {
    setError(!name ? 'Enter your name.' : 'Enter your password.');
    $('#login-name').setAttribute('aria-invalid', String(!name));
    $('#login-password').setAttribute('aria-invalid', String(Boolean(name) && !password));
    (!name ? $('#login-name') : $('#login-password')).focus();
    return;
  }
  const submit = $('#login-submit');
  submit.disabled = true;
  submit.textContent = 'Logging in…';
  try {
    const me = await login(name, password);
    submit.disabled = false;
    submit.textContent = 'Log in';
    setError('');
    $('#login-password').value = '';
    $('#login-name').removeAttribute('aria-invalid');
    $('#login-password').removeAttribute('aria-invalid');
    $('#login-view').hidden = true;
    showUser(me);
    announce(`Logged in as ${me.name}.`, 'success');
    const ready = loginReady;
    loginReady = null;
    ready?.(me);
  } catch (error) {
    submit.disabled = false;
    submit.textContent = 'Log in';
    if (error.status === 429) {
      const wait = error.retryAfter;
      setError(`Too many failed logins. ${wait ? `Try again in ${formatDuration(wait)}.` : 'Try again later.'}`);
      if (wait) waitBeforeRetry(wait);
    } else if (error.status === 401) {
      setError('That name and password do not match. Check them and try again.');
      $('#login-password').setAttribute('aria-invalid', 'true');
      $('#login-password').select();
      $('#login-password').focus();
    } else {
      setError(`Could not log in: ${error.message}`);
    }
  }
});

$('#logout').addEventListener('click', async () => {
  try {
    await logout();
  } catch (error) {
    announce(`Could not log out: ${error.message}`, 'error');
    return;
  }
  // A fresh page: nothing of this user's listing, uploads or links stays behind.
  location.reload();
});

// Anonymous reading: logging in changes what the page may show, so it starts again as the user.
$('#login-link').addEventListener('click', () => showLogin(() => location.reload()));
