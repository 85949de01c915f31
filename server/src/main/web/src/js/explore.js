// Small helpers around GéoÉduc's Explore API v2.1 (the one door to data, with its quotas), shared by the page scripts.

/** GET a JSON document; throws with the server's message on an error status. */
export async function getJson(url) {
  const r = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!r.ok) {
    let message = r.statusText;
    try { message = (await r.json()).message || message; } catch { /* not JSON */ }
    throw new Error(`${r.status} ${message} (${url})`);
  }
  return r.json();
}

/** A field name quoted for ODSQL. */
export function field(name) {
  return '`' + name.replaceAll('`', '') + '`';
}

/** An ODSQL string literal. */
export function literal(text) {
  return '"' + text.replaceAll('\\', '\\\\').replaceAll('"', '\\"') + '"';
}

/** Numbers written the French way: 1 234,5. */
export const nombre = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
