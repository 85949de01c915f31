// The sectors on /carte-scolaire: the polygons of /api/carte-scolaire/secteurs (built from the carte and the BAN)
// coloured by collège set, the sector of the answered address outlined, its collèges as markers. Without BAN
// addresses loaded the API says so and the message replaces the map.

/* global maplibregl */
const el = document.getElementById('carte-secteurs');
const etat = document.getElementById('carte-secteurs-etat');
if (el && !el.hidden) start(el).catch(e => { etat.textContent = 'La carte des secteurs n’a pas pu être affichée : ' + (e.message || e); });

/** A stable colour per collège set (grey for addresses without a sector). */
function couleur(secteur) {
  if (secteur === 'sans secteur') return '#b7b7b7';
  let h = 0;
  for (const c of secteur) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `hsl(${h % 360}, 55%, ${45 + (h >> 9) % 20}%)`;
}

async function start(container) {
  // the communes' millésime chosen on the page (empty: the current communes) draws the sectors too
  const millesime = container.dataset.millesimeCommunes || '';
  const url = '/api/carte-scolaire/secteurs' + (millesime ? '?millesime_communes=' + encodeURIComponent(millesime) : '');
  const r = await fetch(url, { headers: { Accept: 'application/geo+json' } });
  if (!r.ok) {
    // a store without carte (404) says why in French: say it instead of an empty map
    const erreur = await r.json().catch(() => ({}));
    if (!erreur.message) throw new Error('HTTP ' + r.status);
    container.hidden = true;
    etat.textContent = 'Pas de secteurs à afficher : ' + erreur.message + '.';
    return;
  }
  const fc = await r.json();
  if (!fc.features.length) {
    container.hidden = true;
    etat.textContent = fc.avertissement || 'Aucun secteur construit.';
    return;
  }
  const reponse = (container.dataset.uais || '').split(',').filter(Boolean).sort().join('+');
  let minX = 180, minY = 90, maxX = -180, maxY = -90;
  for (const f of fc.features) {
    f.properties.couleur = couleur(f.properties.secteur);
    f.properties.reponse = reponse !== '' && f.properties.secteur === reponse;
    const walk = c => { if (typeof c[0] === 'number') { minX = Math.min(minX, c[0]); maxX = Math.max(maxX, c[0]); minY = Math.min(minY, c[1]); maxY = Math.max(maxY, c[1]); } else c.forEach(walk); };
    walk(f.geometry.coordinates);
  }
  maplibregl.setWorkerUrl(new URL('/static/maplibre/maplibre-gl-csp-worker.js', location.href).href);
  const map = new maplibregl.Map({
    container,
    bounds: [[minX, minY], [maxX, maxY]],
    fitBoundsOptions: { padding: 20 },
    attributionControl: { compact: true, customAttribution: 'GéoÉduc — secteurs construits depuis la carte scolaire et la BAN' },
    style: {
      version: 8,
      sources: { secteurs: { type: 'geojson', data: fc } },
      layers: [
        { id: 'fond', type: 'background', paint: { 'background-color': '#fbfbf8' } },
        { id: 'secteurs', type: 'fill', source: 'secteurs', paint: { 'fill-color': ['get', 'couleur'], 'fill-opacity': 0.55 } },
        { id: 'limites', type: 'line', source: 'secteurs', paint: { 'line-color': '#555', 'line-width': 0.4 } },
        { id: 'reponse', type: 'line', source: 'secteurs', filter: ['==', ['get', 'reponse'], true],
          paint: { 'line-color': '#000091', 'line-width': 3 } },
      ],
    },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  map.on('click', 'secteurs', e => {
    const p = e.features[0].properties;
    const texte = `${p.commune} (${p.code_commune}) — ${p.secteur === 'sans secteur' ? 'sans collège de secteur' : 'collège(s) ' + p.secteur}`
      + ` — ${p.adresses} adresse(s), ${Math.round(p.taux_appariement * 100)} % appariées`;
    new maplibregl.Popup().setLngLat(e.lngLat).setText(texte).addTo(map);
  });
  for (const m of document.querySelectorAll('[data-college-lat]')) {
    new maplibregl.Marker({ color: '#000091' }).setLngLat([Number(m.dataset.collegeLon), Number(m.dataset.collegeLat)])
      .setPopup(new maplibregl.Popup().setText(m.dataset.collegeNom)).addTo(map);
  }
  // for tests and tools: the map, and the collège sets drawn once the map is idle
  window.geoeducSecteurs = { map, polygones: fc.features.length, millesime, etendue: [minX, minY, maxX, maxY] };
  map.on('idle', () => {
    const secteurs = new Set(map.queryRenderedFeatures({ layers: ['secteurs'] }).map(f => f.properties.secteur));
    container.dataset.rendus = String(secteurs.size);
  });
  etat.textContent = `${fc.features.length} polygones de secteur (carte version ${fc.features[0].properties.carte_version}).`
    + (reponse ? ' Le secteur de l’adresse est entouré en bleu.' : '');
}
