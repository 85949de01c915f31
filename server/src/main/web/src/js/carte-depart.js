// The map's first requests, started as soon as the page's head is read: this module is loaded with `async` from the
// head (script#carte-depart, whose data attributes are the map's), so that the TileJSON and the class breaks are on
// their way while MapLibre's script downloads and compiles; carte.js imports this same module instance and takes the
// answers from it. Without the head script (pages with a map tab), carte.js asks for them itself.
import { getJson, field } from './explore.js';

/** The Explore API's where clause of the explorer's filters, as a query parameter (or nothing). */
export function whereParam(where) {
  return where ? `&where=${encodeURIComponent(where)}` : '';
}

export function tilejsonUrl(d) {
  return new URL(d.tilejson, location.href).href;
}

/** Quintiles, minimum and maximum of the colour field. */
export function quantilesUrl(records, name, where) {
  const f = field(name);
  const select = [20, 40, 60, 80].map(p => `percentile(${f}, ${p}) as q${p}`).concat([`min(${f}) as mini`, `max(${f}) as maxi`]);
  return `${records}?select=${encodeURIComponent(select.join(', '))}&limit=1${whereParam(where)}`;
}

/** Maximum of the size field. */
export function maximumUrl(records, name, where) {
  return `${records}?select=${encodeURIComponent(`max(${field(name)}) as maxi`)}&limit=1${whereParam(where)}`;
}

/** The URLs a map's script reads before drawing (TileJSON, class breaks, size maximum), from its data attributes. */
export function firstUrls(d) {
  const urls = [tilejsonUrl(d)];
  if (d.couleur && !d.aplat) urls.push(quantilesUrl(d.records, d.couleur, d.where));
  if (d.taille && !d.aplat) urls.push(maximumUrl(d.records, d.taille, d.where));
  return urls;
}

const started = new Map();

/** The JSON at url: the answer of the request started early when there is one (used once), else a new request. */
export function early(url) {
  const answer = started.get(url);
  if (answer) {
    started.delete(url);
    return answer;
  }
  return getJson(url);
}

const head = document.getElementById('carte-depart');
if (head) {
  for (const url of firstUrls(head.dataset)) {
    const answer = getJson(url);
    answer.catch(() => { /* carte.js reports it when it reads the answer */ });
    started.set(url, answer);
  }
}
