// The small map of the OGC API's HTML pages: the GeoJSON of the page's items (data-geojson) on the offline base layer.
import { getJson } from './explore.js';

/* global maplibregl */
const el = document.getElementById('carte');
if (el) show(el).catch(e => { document.getElementById('carte-legende').textContent = 'Carte indisponible : ' + e.message; });

async function show(container) {
  maplibregl.setWorkerUrl(new URL('/static/maplibre/maplibre-gl-csp-worker.js', location.href).href);
  const data = await getJson(new URL(container.dataset.geojson, location.href).href);
  const features = (data.type === 'Feature' ? [data] : data.features || []).filter(f => f.geometry);
  const legend = document.getElementById('carte-legende');
  legend.textContent = `${features.length} objet${features.length > 1 ? 's' : ''} cartographié${features.length > 1 ? 's' : ''}.`;
  const bounds = new maplibregl.LngLatBounds();
  for (const f of features) extend(bounds, f.geometry.coordinates);
  const map = new maplibregl.Map({
    container,
    style: {
      version: 8,
      sources: {
        fond: { type: 'geojson', data: new URL('/carte/fond.geojson', location.href).href },
        entites: { type: 'geojson', data: { type: 'FeatureCollection', features } },
      },
      layers: [
        { id: 'fond-mer', type: 'background', paint: { 'background-color': '#e8eef4' } },
        { id: 'fond-terre', type: 'fill', source: 'fond', paint: { 'fill-color': '#fbfbf8' } },
        { id: 'fond-limites', type: 'line', source: 'fond', paint: { 'line-color': '#9a9a9a', 'line-width': 0.6 } },
        { id: 'surfaces', type: 'fill', source: 'entites', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#000091', 'fill-opacity': 0.2 } },
        { id: 'points', type: 'circle', source: 'entites', filter: ['==', ['geometry-type'], 'Point'],
          paint: { 'circle-color': '#000091', 'circle-radius': 5, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } },
      ],
    },
    ...(bounds.isEmpty() ? { center: [2.5, 46.6], zoom: 4.5 } : { bounds, fitBoundsOptions: { padding: 30, maxZoom: 14 } }),
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.once('idle', () => { container.dataset.pret = 'oui'; });
}

function extend(bounds, coordinates) {
  if (typeof coordinates[0] === 'number') bounds.extend(coordinates);
  else for (const c of coordinates) extend(bounds, c);
}
