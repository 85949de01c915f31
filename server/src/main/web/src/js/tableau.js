// The Tableau tab: the dataset's records, 20 per page, through the Explore API; full-text filter; sort by a column
// header (ascending, then descending).
import { getJson, field, literal, nombre } from './explore.js';

const PAGE = 20;
const root = document.getElementById('tableau');
if (root) {
  const columns = root.dataset.champs ? root.dataset.champs.split(',') : [];
  const state = { offset: 0, q: '', order: null, descending: false };
  const table = document.getElementById('tableau-lignes');
  const status = document.getElementById('tableau-etat');
  const previous = document.getElementById('tableau-precedent');
  const next = document.getElementById('tableau-suivant');

  const headRow = document.createElement('tr');
  for (const c of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    const sort = document.createElement('button');
    sort.type = 'button';
    sort.className = 'geoeduc-tri';
    sort.textContent = c;
    sort.title = `Trier selon ${c}`;
    sort.addEventListener('click', () => {
      state.descending = state.order === c ? !state.descending : false;
      state.order = c;
      state.offset = 0;
      for (const other of headRow.querySelectorAll('th')) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', state.descending ? 'descending' : 'ascending');
      load();
    });
    th.append(sort);
    headRow.append(th);
  }
  table.tHead.append(headRow);

  document.getElementById('tableau-filtres').addEventListener('submit', e => {
    e.preventDefault();
    state.q = document.getElementById('tableau-recherche').value.trim();
    state.offset = 0;
    load();
  });
  previous.addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE); load(); });
  next.addEventListener('click', () => { state.offset += PAGE; load(); });

  async function load() {
    const params = new URLSearchParams({ limit: PAGE, offset: state.offset, select: columns.map(field).join(',') });
    if (state.q) params.set('where', `search(${literal(state.q)})`);
    if (state.order) params.set('order_by', field(state.order) + (state.descending ? ' desc' : ' asc'));
    status.textContent = 'Chargement…';
    try {
      const page = await getJson(`${root.dataset.records}?${params}`);
      const body = document.createElement('tbody');
      for (const row of page.results) {
        const tr = document.createElement('tr');
        for (const c of columns) {
          const td = document.createElement('td');
          const v = row[c];
          td.textContent = v == null ? '' : typeof v === 'number' ? nombre.format(v) : typeof v === 'object' ? JSON.stringify(v) : String(v);
          if (typeof v === 'number') td.className = 'num';
          tr.append(td);
        }
        body.append(tr);
      }
      table.tBodies[0].replaceWith(body);
      const last = Math.min(state.offset + page.results.length, page.total_count);
      status.textContent = page.total_count === 0 ? 'Aucun enregistrement.'
        : `Enregistrements ${nombre.format(state.offset + 1)} à ${nombre.format(last)} sur ${nombre.format(page.total_count)}.`;
      previous.disabled = state.offset === 0;
      next.disabled = last >= page.total_count || state.offset + PAGE >= 10000;
      root.dataset.charge = String(page.results.length);
    } catch (e) {
      status.textContent = 'Le tableau n’a pas pu être chargé : ' + e.message;
    }
  }
  load();
}
