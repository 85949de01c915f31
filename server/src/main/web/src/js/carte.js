// The map of one dataset (dataset page's Carte tab and the explorer /carte): MapLibre GL JS with the dataset's OGC
// vector tiles, points sized by one numeric field and coloured by quantile classes of another (viridis: readable with
// every common colour vision deficiency), legends, établissement cards, the offline base layer of the platform's
// référentiels, the view in the URL (explorer only) and a table of the points shown, as an accessible alternative.
import { getJson, field, nombre } from './explore.js';

/* global maplibregl */
const PALETTE = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];
const NO_VALUE = '#b7b7b7';
const GROUP = '#6a6a6a';
const MIN_RADIUS = 2.5;
const MAX_RADIUS = 16;
const METROPOLE = [[-5.3, 41.3], [9.7, 51.2]];
// smaller at national scale, where a group of points is drawn with the area of all its members
const ZOOM_FACTORS = [[4, 0.3], [6, 0.45], [8, 0.7], [10, 1], [14, 1.4]];

const el = document.getElementById('carte');
if (el) whenVisible(el, () => start(el).catch(e => fail(el, e)));

/** A map in a hidden tab has no size: wait until its container is laid out. */
function whenVisible(container, run) {
  if (container.offsetWidth > 0 && container.offsetHeight > 0) { run(); return; }
  const observer = new ResizeObserver(() => {
    if (container.offsetWidth > 0 && container.offsetHeight > 0) { observer.disconnect(); run(); }
  });
  observer.observe(container);
}

function fail(container, error) {
  container.dataset.erreur = String(error.message || error);
  document.getElementById('carte-etat').textContent = 'La carte n’a pas pu être affichée : ' + (error.message || error);
}

async function start(container) {
  const d = container.dataset;
  // the worker's script is prefetched by the page's head (carte-depart.peb): it compiles while the first answers come
  maplibregl.setWorkerUrl(new URL('/static/maplibre/maplibre-gl-csp-worker.js', location.href).href);
  maplibregl.prewarm();
  // the answers the map is drawn from, the base layer's boundaries included: preloaded by the head when it names them
  const [tilejson, classes, sizeMax, fond] = await Promise.all([
    getJson(new URL(d.tilejson, location.href).href),
    d.quantiles && !d.aplat ? quantiles(d.quantiles) : null,
    d.maximum && !d.aplat ? maximum(d.maximum) : null,
    getJson(new URL(d.fond, location.href).href),
  ]);
  const layer = d.jeu;
  const single = ['<=', ['coalesce', ['get', 'count'], 1], 1];
  const radius = sizeMax ? radiusExpression(['get', d.taille], sizeMax) : zoomed(() => 4);
  // below zoom 10 the tiles group close points: a group is sized by the sum of its members' values and coloured by
  // their mean (weighted by the size field: the IPS of a group of schools weighted by their pupils)
  const groupRadius = sizeMax ? radiusExpression(['coalesce', ['get', `sum(${d.taille})`], ['get', d.taille]], sizeMax)
    : ['interpolate', ['linear'], ['get', 'count'], 2, 3, 20, 7, 200, 14];
  const colour = classes ? ['case', ['==', ['typeof', ['get', d.couleur]], 'number'],
    ['step', ['get', d.couleur], PALETTE[0], ...classes.breaks.flatMap((b, i) => [b, PALETTE[i + 1]])], NO_VALUE] : '#000091';
  performance.mark('carte-creee'); // bench/ui-map.sh reports when the map was created
  const map = new maplibregl.Map({
    container,
    attributionControl: { compact: true, customAttribution: 'GéoÉduc — contours : référentiels de la plateforme' },
    style: {
      version: 8,
      sources: {
        points: { type: 'vector', tiles: tilejson.tiles, minzoom: tilejson.minzoom ?? 0, maxzoom: tilejson.maxzoom ?? 14,
          bounds: tilejson.bounds },
      },
      layers: [
        { id: 'fond-mer', type: 'background', paint: { 'background-color': '#e8eef4' } },
        { id: 'groupes', type: 'circle', source: 'points', 'source-layer': layer, filter: ['!', single],
          paint: { 'circle-color': classes ? colour : GROUP, 'circle-opacity': 0.7, 'circle-radius': groupRadius,
            'circle-stroke-color': '#161616', 'circle-stroke-width': 1.2 } },
        { id: 'points', type: 'circle', source: 'points', 'source-layer': layer, filter: single,
          paint: { 'circle-color': colour, 'circle-radius': radius, 'circle-opacity': 0.85,
            'circle-stroke-color': '#ffffff', 'circle-stroke-width': 0.6 } },
      ],
    },
    ...initialView(tilejson.bounds),
  });
  // the base layer once the points are drawn: its boundaries would otherwise go through the (single, on two cores)
  // worker before the first tiles; its document is already here (preloaded with the first answers)
  // (added in the 'load' handler itself: the 'idle' of that same frame then waits for them)
  let isLoaded = false;
  const waiting = [];
  const whenLoaded = run => (isLoaded ? run() : waiting.push(run));
  map.once('load', () => {
    isLoaded = true;
    map.addSource('fond', { type: 'geojson', data: fond });
    map.addLayer({ id: 'fond-terre', type: 'fill', source: 'fond', paint: { 'fill-color': '#fbfbf8' } }, 'groupes');
    map.addLayer({ id: 'fond-limites', type: 'line', source: 'fond', paint: { 'line-color': '#9a9a9a', 'line-width': 0.6 } }, 'groupes');
    waiting.splice(0).forEach(run => run());
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  map.getCanvas().setAttribute('aria-label', 'Carte interactive : flèches pour se déplacer, + et − pour zoomer');

  if (document.getElementById('carte-choix')) keepViewInUrl(map);
  exports(map, d);
  if (d.aplat) {
    await choropleth(map, container, d, whenLoaded);
    return;
  }
  const legend = new Legend(document.getElementById('carte-legende'), d, classes, sizeMax);
  legend.draw(map.getZoom());
  map.on('zoomend', () => legend.draw(map.getZoom()));
  cards(map, d);
  const table = new PointsTable(document.getElementById('carte-tableau'), d);
  let pending = null;
  map.on('idle', () => {
    // when the map first had nothing left to load or draw, in ms since navigation (bench/ui-map.sh reads it)
    if (!container.dataset.inactiveMs) container.dataset.inactiveMs = String(Math.round(performance.now()));
    clearTimeout(pending);
    pending = setTimeout(() => {
      const shown = map.queryRenderedFeatures({ layers: ['points'] });
      const groups = map.queryRenderedFeatures({ layers: ['groupes'] });
      table.fill(shown);
      const grouped = groups.reduce((n, f) => n + (f.properties.count || 0), 0);
      document.getElementById('carte-etat').textContent = `${nombre.format(shown.length)} établissements affichés`
        + (groups.length ? `, ${nombre.format(grouped)} autres regroupés en ${nombre.format(groups.length)} cercles cerclés de noir (zoomer pour les détailler)` : '')
        + '.';
      container.dataset.rendus = String(shown.length);
      container.dataset.pret = 'oui';
    }, 150);
  });
  window.geoeducCarte = { map, classes, sizeMax };
}

/** Circle radius: area proportional to the value (sqrt), scaled with the zoom level. */
function radiusExpression(value, max) {
  // linear in the square root and not clamped at the maximum: a group's sum is drawn larger than any single point
  const slope = (MAX_RADIUS - MIN_RADIUS) / Math.sqrt(max);
  return zoomed(k => ['*', k, ['+', MIN_RADIUS, ['*', slope, ['sqrt', ['max', 0, ['to-number', value, 0]]]]]]);
}

function zoomed(radiusAt) {
  return ['interpolate', ['linear'], ['zoom'], ...ZOOM_FACTORS.flatMap(([z, k]) => [z, radiusAt(k)])];
}

function zoomFactor(zoom) {
  if (zoom <= ZOOM_FACTORS[0][0]) return ZOOM_FACTORS[0][1];
  for (let i = 1; i < ZOOM_FACTORS.length; i++) {
    const [z1, k1] = ZOOM_FACTORS[i];
    const [z0, k0] = ZOOM_FACTORS[i - 1];
    if (zoom <= z1) return k0 + (k1 - k0) * (zoom - z0) / (z1 - z0);
  }
  return ZOOM_FACTORS[ZOOM_FACTORS.length - 1][1];
}

/** The radius drawn for a value at a zoom level: the same formula as the map's expression. */
export function radiusOf(value, max, zoom) {
  const r = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(Math.max(0, value)) / Math.sqrt(max);
  return r * zoomFactor(zoom);
}

/** Quintile breaks of a field (the Explore API's answer at url); fewer classes when values repeat. */
async function quantiles(url) {
  const answer = await getJson(new URL(url, location.href).href);
  const r = answer.results[0] || {};
  const breaks = [...new Set([r.q20, r.q40, r.q60, r.q80].filter(v => typeof v === 'number'))].sort((a, b) => a - b);
  if (typeof r.mini !== 'number') return null;
  return { breaks, min: r.mini, max: r.maxi };
}

async function maximum(url) {
  const answer = await getJson(new URL(url, location.href).href);
  const max = (answer.results[0] || {}).maxi;
  return typeof max === 'number' && max > 0 ? max : null;
}

function initialView(bounds) {
  const vue = new URLSearchParams(location.search).get('vue');
  const parts = vue ? vue.split(',').map(Number) : [];
  if (parts.length === 3 && parts.every(Number.isFinite)) {
    return { center: [parts[0], parts[1]], zoom: parts[2] };
  }
  if (!bounds) return { bounds: METROPOLE };
  const [w, s, e, n] = bounds;
  // a national file reaches the overseas territories: open on metropolitan France, as users expect
  const wide = e - w > 30 || n - s > 30;
  return { bounds: wide ? METROPOLE : [[w, s], [e, n]], fitBoundsOptions: { padding: 20, maxZoom: 13 } };
}

/** The explorer's URL carries the view (centre and zoom) besides the dataset and the styling fields. */
function keepViewInUrl(map) {
  const link = document.getElementById('carte-lien');
  const hidden = document.getElementById('choix-vue');
  const etat = document.getElementById('vue-etat'); // the state that "Enregistrer cette vue" saves
  const update = () => {
    const c = map.getCenter();
    const vue = `${c.lng.toFixed(5)},${c.lat.toFixed(5)},${map.getZoom().toFixed(2)}`;
    const url = new URL(location.href);
    url.searchParams.set('vue', vue);
    history.replaceState(null, '', url);
    if (link) link.href = url.href;
    if (hidden) hidden.value = vue;
    if (etat) {
      const state = new URLSearchParams(url.search);
      if (!state.get('jeu')) state.set('jeu', etat.dataset.jeu);
      etat.value = state.toString();
    }
  };
  map.on('moveend', update);
  map.once('load', update);
}

/** Clicking a point opens the établissement's card. */
function cards(map, d) {
  map.on('mouseenter', 'points', () => { map.getCanvas().style.cursor = 'pointer'; });
  map.on('mouseleave', 'points', () => { map.getCanvas().style.cursor = ''; });
  map.on('click', 'points', e => {
    const f = e.features[0];
    new maplibregl.Popup({ maxWidth: '320px' }).setLngLat(f.geometry.coordinates).setDOMContent(card(f.properties, d)).addTo(map);
  });
  map.on('mouseenter', 'groupes', () => { map.getCanvas().style.cursor = 'pointer'; });
  map.on('mouseleave', 'groupes', () => { map.getCanvas().style.cursor = ''; });
  map.on('click', 'groupes', e => {
    if (map.queryRenderedFeatures(e.point, { layers: ['points'] }).length) return; // a point drawn above the group
    const f = e.features[0];
    new maplibregl.Popup({ maxWidth: '320px' }).setLngLat(f.geometry.coordinates).setDOMContent(groupCard(f.properties, d)).addTo(map);
  });
}

/** A group's card: how many établissements, the sum of the size field and the mean of the colour field. */
function groupCard(p, d) {
  const box = document.createElement('div');
  box.className = 'geoeduc-fiche';
  const title = document.createElement('p');
  title.className = 'fr-text--bold fr-mb-1v';
  title.textContent = `${nombre.format(p.count)} établissements proches (zoomer pour les détailler)`;
  const list = document.createElement('dl');
  const add = (label, value) => {
    if (typeof value !== 'number') return;
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = nombre.format(value);
    list.append(dt, dd);
  };
  if (d.taille) add(`${d.taille} (somme)`, p[`sum(${d.taille})`]);
  if (d.couleur && d.couleur !== d.taille) add(`${d.couleur} (moyenne${d.taille ? ` pondérée par ${d.taille}` : ''})`, p[d.couleur]);
  box.append(title, list);
  return box;
}

function card(p, d) {
  const box = document.createElement('div');
  box.className = 'geoeduc-fiche';
  const title = document.createElement('p');
  title.className = 'fr-text--bold fr-mb-1v';
  title.textContent = (d.nom && p[d.nom]) || (d.uai && p[d.uai]) || 'Établissement';
  box.append(title);
  const list = document.createElement('dl');
  const add = (label, value) => {
    if (value == null || value === '') return;
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = typeof value === 'number' ? nombre.format(value) : String(value);
    list.append(dt, dd);
  };
  if (d.uai) add('UAI', p[d.uai]);
  const address = (d.adresse ? d.adresse.split(',') : []).map(a => p[a]).filter(Boolean).join(' ');
  add('Adresse', address);
  if (d.taille) add(d.taille, p[d.taille]);
  if (d.couleur && d.couleur !== d.taille) add(d.couleur, p[d.couleur]);
  box.append(list);
  if (d.uai && p[d.uai]) {
    const link = document.createElement('a');
    link.className = 'fr-link';
    const url = new URL(`/ogc/collections/${encodeURIComponent(d.jeu)}/items`, location.href);
    url.searchParams.set('f', 'html');
    url.searchParams.set(d.uai, p[d.uai]);
    link.href = url.pathname + url.search;
    link.textContent = 'Fiche complète';
    box.append(link);
  }
  return box;
}

/** The legends of colour (classes) and size (three reference circles at the current zoom). */
class Legend {
  constructor(root, d, classes, sizeMax) {
    this.root = root;
    this.d = d;
    this.classes = classes;
    this.sizeMax = sizeMax;
  }

  draw(zoom) {
    this.root.replaceChildren();
    // the fields by their labels, as the dataset page lists them (the name when a field has none)
    const colourLabel = this.d.couleurLibelle || this.d.couleur;
    const sizeLabel = this.d.tailleLibelle || this.d.taille;
    if (this.d.couleur && !this.classes) {
      this.root.append(this.empty('Couleur', colourLabel, 'legende-couleur-vide', 'les points ont une couleur unique'));
    }
    if (this.d.taille && !this.sizeMax) {
      this.root.append(this.empty('Taille', sizeLabel, 'legende-taille-vide', 'les points ont une taille fixe'));
    }
    if (this.classes) {
      const block = this.block(`Couleur : ${colourLabel} (quantiles)`);
      const { breaks, min, max } = this.classes;
      const bounds = [min, ...breaks, max];
      const items = block.querySelector('ul');
      for (let i = 0; i < bounds.length - 1; i++) {
        const li = document.createElement('li');
        li.className = 'geoeduc-legende-classe';
        li.dataset.classe = String(i);
        li.dataset.couleur = PALETTE[i];
        li.dataset.min = String(bounds[i]);
        li.dataset.max = String(bounds[i + 1]);
        const swatch = document.createElement('span');
        swatch.className = 'geoeduc-pastille';
        swatch.style.backgroundColor = PALETTE[i];
        li.append(swatch, document.createTextNode(`${i === 0 ? 'de ' : 'de plus de '}${nombre.format(bounds[i])} à ${nombre.format(bounds[i + 1])}`));
        items.append(li);
      }
      items.append(this.swatchItem(NO_VALUE, 'sans valeur'));
      this.root.append(block);
    }
    if (this.sizeMax) {
      const block = this.block(`Taille : ${sizeLabel}`);
      const items = block.querySelector('ul');
      for (const value of [this.sizeMax, this.sizeMax / 4, this.sizeMax / 16].map(v => roundNice(v))) {
        const li = document.createElement('li');
        li.className = 'geoeduc-legende-taille';
        li.dataset.valeur = String(value);
        const circle = document.createElement('span');
        circle.className = 'geoeduc-cercle';
        const r = radiusOf(value, this.sizeMax, zoom);
        circle.style.width = circle.style.height = `${(2 * r).toFixed(1)}px`;
        li.dataset.rayon = r.toFixed(2);
        li.append(circle, document.createTextNode(nombre.format(value)));
        items.append(li);
      }
      this.root.append(block);
    }
    const other = this.block('');
    const group = this.swatchItem(this.classes ? PALETTE[2] : GROUP, this.sizeMax
      ? `plusieurs établissements proches, regroupés (zoomer) : taille selon la somme de ${sizeLabel}`
        + (this.classes ? `, couleur selon la moyenne de ${colourLabel} pondérée par ${sizeLabel}` : '')
      : 'plusieurs établissements proches, regroupés (zoomer)' + (this.classes ? `, couleur selon la moyenne de ${colourLabel}` : ''));
    group.querySelector('.geoeduc-pastille').classList.add('geoeduc-pastille--groupe');
    group.id = 'legende-groupes';
    other.querySelector('ul').append(group);
    this.root.append(other);
  }

  /** A chosen field without any value among the points of the filters: said, instead of a legend left out. */
  empty(what, label, id, consequence) {
    const block = this.block(`${what} : ${label}`);
    const li = document.createElement('li');
    li.id = id;
    li.textContent = `Aucune valeur de « ${label} » pour les établissements retenus par les filtres : ${consequence}.`;
    block.querySelector('ul').append(li);
    return block;
  }

  block(title) {
    const div = document.createElement('div');
    div.className = 'geoeduc-legende-bloc';
    if (title) {
      const p = document.createElement('p');
      p.className = 'fr-text--sm fr-text--bold fr-mb-1v';
      p.textContent = title;
      div.append(p);
    }
    div.append(document.createElement('ul'));
    return div;
  }

  swatchItem(colour, text) {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'geoeduc-pastille';
    swatch.style.backgroundColor = colour;
    li.append(swatch, document.createTextNode(text));
    return li;
  }
}

function roundNice(v) {
  const magnitude = 10 ** Math.floor(Math.log10(v));
  return Math.max(1, Math.round(v / magnitude) * magnitude);
}

/** The points shown, as a table: name, UAI, commune and the mapped values (200 rows at most, by name). */
class PointsTable {
  constructor(table, d) {
    this.table = table;
    this.d = d;
    this.columns = [[d.nom, 'Nom'], [d.uai, 'UAI'], [d.taille, d.taille], [d.couleur, d.couleur]]
      .filter(([name], i, all) => name && all.findIndex(([other]) => other === name) === i);
    const tr = document.createElement('tr');
    for (const [, label] of this.columns) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = label;
      tr.append(th);
    }
    table.tHead.append(tr);
  }

  fill(features) {
    const seen = new Set();
    const rows = [];
    for (const f of features) {
      const key = JSON.stringify(f.properties);
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push(f.properties);
    }
    const sortKey = this.d.nom || this.d.uai;
    if (sortKey) rows.sort((a, b) => String(a[sortKey] ?? '').localeCompare(String(b[sortKey] ?? ''), 'fr'));
    const body = document.createElement('tbody');
    for (const p of rows.slice(0, 200)) {
      const tr = document.createElement('tr');
      for (const [name] of this.columns) {
        const td = document.createElement('td');
        const v = p[name];
        td.textContent = v == null ? '' : typeof v === 'number' ? nombre.format(v) : String(v);
        tr.append(td);
      }
      body.append(tr);
    }
    this.table.tBodies[0].replaceWith(body);
    this.table.caption.textContent = rows.length > 200 ? `Les 200 premiers des ${nombre.format(rows.length)} établissements affichés`
      : `${nombre.format(rows.length)} établissements affichés`;
  }
}

/** The Explore API's where clause of the explorer's filters, as a query parameter (or nothing). */
function whereParam(where) {
  return where ? `&where=${encodeURIComponent(where)}` : '';
}

/** A code as both sides write it: "035" (education) and "35" (COG) are the same département, "02A" and "2A" too. */
function codeKey(code) {
  return String(code).trim().toUpperCase().replace(/^0+(?=.)/, '');
}

/**
 * The choropleth: the aggregate of the (filtered) rows by the level's code through the Explore API, on the
 * référentiel's polygons of that level, in quintile classes of the same palette; the points are hidden.
 * `whenLoaded` runs its function once the map has loaded (its first complete rendering), at once after that.
 */
async function choropleth(map, container, d, whenLoaded) {
  const where = [d.where, d.aplatWhere].filter(Boolean).map(w => `(${w})`).join(' and ');
  const url = `${d.records}?select=${encodeURIComponent(d.aplatSelect)}&group_by=${encodeURIComponent(field(d.aplatChamp))}`
    + `&limit=-1${whereParam(where)}`;
  const [answer, contours] = await Promise.all([getJson(url), getJson(new URL(d.aplatContours, location.href).href)]);
  const values = new Map();
  for (const r of answer.results) {
    if (r[d.aplatChamp] != null && typeof r.valeur === 'number') values.set(codeKey(r[d.aplatChamp]), r.valeur);
  }
  const drawn = [];
  for (const f of contours.features) {
    const v = values.get(codeKey(f.properties.code));
    if (v !== undefined) {
      f.properties.valeur = v;
      drawn.push(f.properties);
    }
  }
  const sorted = drawn.map(p => p.valeur).sort((a, b) => a - b);
  const at = q => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const breaks = sorted.length ? [...new Set([0.2, 0.4, 0.6, 0.8].map(at))].filter(b => b > sorted[0]) : [];
  const classes = sorted.length ? { breaks, min: sorted[0], max: sorted[sorted.length - 1] } : null;
  const colour = classes ? ['case', ['==', ['typeof', ['get', 'valeur']], 'number'],
    ['step', ['get', 'valeur'], PALETTE[0], ...breaks.flatMap((b, i) => [b, PALETTE[i + 1]])], NO_VALUE] : NO_VALUE;
  const add = () => {
    map.addSource('aplats', { type: 'geojson', data: contours });
    map.addLayer({ id: 'aplats', type: 'fill', source: 'aplats', paint: { 'fill-color': colour, 'fill-opacity': 0.85,
      'fill-outline-color': '#ffffff' } }, 'points');
    for (const id of ['points', 'groupes']) map.setLayoutProperty(id, 'visibility', 'none');
  };
  whenLoaded(add);
  map.on('click', 'aplats', e => {
    const p = e.features[0].properties;
    const box = document.createElement('div');
    box.className = 'geoeduc-fiche';
    const title = document.createElement('p');
    title.className = 'fr-text--bold fr-mb-1v';
    title.textContent = `${p.nom} (${p.code})`;
    const value = document.createElement('p');
    value.className = 'fr-mb-0';
    value.textContent = `${d.aplatMesure} : ${typeof p.valeur === 'number' ? nombre.format(p.valeur) : 'sans valeur'}`;
    box.append(title, value);
    new maplibregl.Popup({ maxWidth: '320px' }).setLngLat(e.lngLat).setDOMContent(box).addTo(map);
  });
  // legend: the classes of the aggregate
  const legend = document.getElementById('carte-legende');
  legend.replaceChildren();
  if (classes) {
    const block = document.createElement('div');
    block.className = 'geoeduc-legende-bloc';
    const title = document.createElement('p');
    title.className = 'fr-text--sm fr-text--bold fr-mb-1v';
    title.textContent = `Aplats par ${d.aplatLibelle} : ${d.aplatMesure} (quantiles)`;
    const items = document.createElement('ul');
    const bounds = [classes.min, ...breaks, classes.max];
    for (let i = 0; i < bounds.length - 1; i++) {
      const li = document.createElement('li');
      li.className = 'geoeduc-legende-classe';
      li.dataset.couleur = PALETTE[i];
      li.dataset.min = String(bounds[i]);
      li.dataset.max = String(bounds[i + 1]);
      const swatch = document.createElement('span');
      swatch.className = 'geoeduc-pastille geoeduc-pastille--aplat';
      swatch.style.backgroundColor = PALETTE[i];
      li.append(swatch, document.createTextNode(`${i === 0 ? 'de ' : 'de plus de '}${nombre.format(bounds[i])} à ${nombre.format(bounds[i + 1])}`));
      items.append(li);
    }
    block.append(title, items);
    legend.append(block);
  } else {
    const block = document.createElement('div');
    block.className = 'geoeduc-legende-bloc';
    const text = document.createElement('p');
    text.className = 'fr-text--sm fr-mb-0';
    text.id = 'legende-aplats-vide';
    text.textContent = `Aplats par ${d.aplatLibelle} : aucune valeur de « ${d.aplatMesure} » pour les établissements retenus par les filtres.`;
    block.append(text);
    legend.append(block);
  }
  // the table alternative: every area with its value
  const table = document.getElementById('carte-tableau');
  const head = document.createElement('tr');
  for (const label of [d.aplatLibelle, 'Code', d.aplatMesure]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = label;
    head.append(th);
  }
  table.tHead.replaceChildren(head);
  const body = document.createElement('tbody');
  for (const p of [...drawn].sort((a, b) => String(a.nom).localeCompare(String(b.nom), 'fr'))) {
    const tr = document.createElement('tr');
    for (const v of [p.nom, p.code, nombre.format(p.valeur)]) {
      const td = document.createElement('td');
      td.textContent = String(v);
      tr.append(td);
    }
    body.append(tr);
  }
  table.tBodies[0].replaceWith(body);
  table.caption.textContent = `${nombre.format(drawn.length)} ${d.aplatLibelle}s et leur valeur`;
  const unmatched = values.size - drawn.length;
  map.once('idle', () => {
    document.getElementById('carte-etat').textContent = `${nombre.format(drawn.length)} aplats (${d.aplatLibelle}s)`
      + (unmatched > 0 ? ` ; ${nombre.format(unmatched)} codes des données sans contour chargé` : '') + '.';
    container.dataset.aplats = String(drawn.length);
    container.dataset.rendus = String(map.queryRenderedFeatures({ layers: ['aplats'] }).length);
    container.dataset.pret = 'oui';
  });
  window.geoeducCarte = { map, classes, aplats: drawn };
}

/**
 * The view's exports: the map as a PNG image (read from the canvas right after a frame is drawn, when WebGL still holds
 * it), and the établissements of the view (filters and visible extent) as CSV through the Explore API's export.
 */
function exports(map, d) {
  const png = document.getElementById('carte-png');
  const csv = document.getElementById('carte-csv');
  if (png) {
    png.addEventListener('click', () => {
      map.once('render', () => {
        map.getCanvas().toBlob(blob => {
          const a = document.createElement('a');
          a.href = URL.createObjectURL(blob);
          a.download = `carte-${d.jeu}.png`;
          document.body.append(a);
          a.click();
          a.remove();
          setTimeout(() => URL.revokeObjectURL(a.href), 10000);
        }, 'image/png');
      });
      map.triggerRepaint();
    });
  }
  if (csv && d.geo) {
    const update = () => {
      const b = map.getBounds();
      const box = `in_bbox(${field(d.geo)}, ${b.getSouth().toFixed(5)}, ${b.getWest().toFixed(5)}, ${b.getNorth().toFixed(5)}, ${b.getEast().toFixed(5)})`;
      const where = [d.where, box].filter(Boolean).map(w => `(${w})`).join(' and ');
      csv.href = `${d.records.replace(/\/records$/, '/exports/csv')}?where=${encodeURIComponent(where)}`;
    };
    map.on('moveend', update);
    map.once('load', update);
  }
}
