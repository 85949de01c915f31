// Carte d'un jeu de données : un point (ou une forme) par ligne, taille selon les effectifs quand il y en a.
const element = document.getElementById('carte');
const legend = document.getElementById('carte-legende');
const sizeField = element.dataset.taille;

const map = L.map(element, { preferCanvas: true }).setView([46.6, 2.4], 5);
// Pas de fond de carte distant : la plateforme fonctionne sans accès Internet ; on dessine les données seules.
map.attributionControl.addAttribution('Données : GéoÉduc');

function radius(value) {
  if (!sizeField || value == null) return 4;
  return Math.max(3, Math.min(30, Math.sqrt(value) / 1.5));
}

function popup(properties) {
  const rows = Object.entries(properties)
    .filter(([, v]) => v !== null && typeof v !== 'object')
    .slice(0, 12)
    .map(([k, v]) => `<tr><th>${k}</th><td>${String(v).replace(/</g, '&lt;')}</td></tr>`)
    .join('');
  return `<table>${rows}</table>`;
}

fetch(element.dataset.geojson)
  .then((response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  })
  .then((collection) => {
    const withGeometry = collection.features.filter((f) => f.geometry);
    const layer = L.geoJSON({ type: 'FeatureCollection', features: withGeometry }, {
      pointToLayer: (feature, latlng) => L.circleMarker(latlng, {
        radius: radius(feature.properties[sizeField]), weight: 1, color: '#000091', fillOpacity: 0.45,
      }),
      style: { color: '#000091', weight: 1, fillOpacity: 0.15 },
      onEachFeature: (feature, l) => l.bindPopup(popup(feature.properties)),
    }).addTo(map);
    if (withGeometry.length > 0) map.fitBounds(layer.getBounds(), { maxZoom: 13 });
    element.dataset.loaded = String(withGeometry.length);
    legend.textContent = `${withGeometry.length} objets cartographiés sur ${collection.features.length} lignes`
      + (sizeField ? ` ; taille des points selon « ${sizeField} »` : '') + '.';
  })
  .catch((error) => {
    legend.textContent = `Carte indisponible : ${error.message}`;
  });
