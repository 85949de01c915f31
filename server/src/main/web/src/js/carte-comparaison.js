// The map of /carte-scolaire/comparaison: each collège of the table (rows with a position) as a circle whose area
// follows the intake gap A − B, blue when A gives it more pupils, red when fewer, grey without a gap.

/* global maplibregl */
const el = document.getElementById('carte-comparaison');
const etat = document.getElementById('carte-comparaison-etat');
if (el) {
  try {
    start(el);
  } catch (e) {
    etat.textContent = 'La carte n’a pas pu être affichée : ' + (e.message || e);
  }
}

function start(container) {
  const features = [...document.querySelectorAll('#tableau-simulation tr[data-lat]')].map(tr => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [Number(tr.dataset.lon), Number(tr.dataset.lat)] },
    properties: { uai: tr.querySelector('code').textContent, nom: tr.dataset.nom, ecart: Number(tr.dataset.ecart) },
  }));
  if (!features.length) {
    container.hidden = true;
    etat.textContent = 'Aucun collège de position connue : publiez l’annuaire ou la géolocalisation des établissements.';
    return;
  }
  const xs = features.map(f => f.geometry.coordinates[0]);
  const ys = features.map(f => f.geometry.coordinates[1]);
  const max = Math.max(1, ...features.map(f => Math.abs(f.properties.ecart)));
  maplibregl.setWorkerUrl(new URL('/static/maplibre/maplibre-gl-csp-worker.js', location.href).href);
  const map = new maplibregl.Map({
    container,
    bounds: [[Math.min(...xs) - 0.02, Math.min(...ys) - 0.02], [Math.max(...xs) + 0.02, Math.max(...ys) + 0.02]],
    fitBoundsOptions: { padding: 20 },
    attributionControl: { compact: true, customAttribution: 'GéoÉduc — simulation de sectorisation' },
    style: {
      version: 8,
      sources: { colleges: { type: 'geojson', data: { type: 'FeatureCollection', features } } },
      layers: [
        { id: 'fond', type: 'background', paint: { 'background-color': '#fbfbf8' } },
        { id: 'colleges', type: 'circle', source: 'colleges', paint: {
          'circle-radius': ['+', 4, ['*', 22, ['sqrt', ['/', ['abs', ['get', 'ecart']], max]]]],
          'circle-color': ['case', ['>', ['get', 'ecart'], 0.05], '#000091', ['<', ['get', 'ecart'], -0.05], '#ce0500', '#929292'],
          'circle-opacity': 0.75, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } },
      ],
    },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  map.on('click', 'colleges', e => {
    const p = e.features[0].properties;
    const ecart = Number(p.ecart);
    new maplibregl.Popup().setLngLat(e.lngLat)
      .setText(`${p.nom || p.uai} (${p.uai}) : écart A − B ${ecart > 0 ? '+' : ''}${ecart.toFixed(1)} élève(s)`).addTo(map);
  });
  window.geoeducComparaison = { map, colleges: features.length };
  map.on('idle', () => {
    container.dataset.rendus = String(new Set(map.queryRenderedFeatures({ layers: ['colleges'] }).map(f => f.properties.uai)).size);
  });
  const changes = features.filter(f => Math.abs(f.properties.ecart) > 0.05).length;
  etat.textContent = `${features.length} collèges sur la carte, dont ${changes} avec un écart d’effectif.`;
}
