/** The emulator's own pages (its origin, not the app's): the demo login form and the web_message reply. */

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A one-button login page: the authorize request rides along in a hidden field. */
export function loginPage(request: string, email: string, clientName: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · Ferry demo tenant</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;background:#f4f5f7;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;padding:2rem 2.5rem;border-radius:12px;box-shadow:0 2px 12px #0002;max-width:24rem}
h1{font-size:1.3rem;margin-top:0}button{font-size:1rem;padding:.7rem 1.2rem;border:0;border-radius:8px;background:#3b5bdb;color:#fff;cursor:pointer;width:100%}
p{color:#444;line-height:1.4}
</style></head>
<body><main>
<h1>Ferry demo tenant</h1>
<p>This is the local Auth0 emulator. <strong>${escapeHtml(clientName)}</strong> asks to sign you in as the demo
administrator (<code>${escapeHtml(email)}</code>). No password is needed.</p>
<form method="post" action="/authorize/login">
<input type="hidden" name="request" value="${escapeHtml(request)}">
<button type="submit" data-testid="tenant-login">Sign in as Demo Admin</button>
</form>
</main></body></html>`;
}

/** An error page for a bad authorize request that cannot be redirected (unknown client or callback). */
export function errorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in error</title></head>
<body><h1>Sign-in error</h1><p>${escapeHtml(message)}</p></body></html>`;
}

/**
 * The reply to `response_mode=web_message` (auth0-spa-js's hidden-iframe silent login): posts the result to the
 * parent page, whose origin is the callback's.
 */
export function webMessagePage(targetOrigin: string, response: Record<string, string>): string {
  const data = JSON.stringify({ type: 'authorization_response', response }).replace(/</g, '\\u003c');
  const origin = JSON.stringify(targetOrigin).replace(/</g, '\\u003c');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Authorization response</title></head><body>
<script>window.parent.postMessage(${data}, ${origin});</script></body></html>`;
}
