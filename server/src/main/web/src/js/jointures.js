// /jointures: composes a join spec from the form, shows it as YAML, sends it as JSON to POST /api/joins, then shows the
// match report or a French explanation of the refusal. A person signed in acts under their session (its cookie, and the
// session's anti-CSRF token in the X-CSRF-Token header, as the other session forms send it in their csrf field); anyone
// else with the API key typed in the page (in the Authorization header only, never with the cookie).
const form = document.getElementById('form-jointure');
if (form) {
  const csrf = form.dataset.csrf; // present when signed in
  let datasets = JSON.parse(form.dataset.jeux);
  let byId = new Map(datasets.map(d => [d.id, d]));
  const $ = id => document.getElementById(id);
  const left = $('jeu-gauche');
  const right = $('jeu-droite');
  const aggregates = [];

  const roleOf = (d, field) => Object.keys(d.roles || {}).find(r => d.roles[r] === field);

  // key fields: those of the same name or role as the other side's chosen key come first
  function fillFields(select, d, optional, preferred) {
    const previous = select.value;
    select.replaceChildren();
    if (optional) {
      select.append(new Option('(aucune)', ''));
    }
    const score = f => (preferred && (f.name === preferred.name || (preferred.role && roleOf(d, f.name) === preferred.role)) ? 0 : 1);
    const fields = [...d.fields].filter(f => f.type !== 'geo_shape').sort((a, b) => score(a) - score(b));
    for (const f of fields) {
      const role = roleOf(d, f.name);
      select.append(new Option(f.name + (f.label !== f.name ? ' — ' + f.label : '') + (role ? ' (rôle ' + role + ')' : ''), f.name));
    }
    if ([...select.options].some(o => o.value === previous)) {
      select.value = previous;
    }
  }

  function preferredFor(d, fieldName) {
    return fieldName ? { name: fieldName, role: roleOf(d, fieldName) } : null;
  }

  function refreshRight(keepChoices) {
    const l = byId.get(left.value);
    const r = byId.get(right.value);
    if (!keepChoices) {
      $('cle-droite').value = '';
      $('cle2-droite').value = '';
    }
    fillFields($('cle-droite'), r, false, preferredFor(l, $('cle-gauche').value));
    fillFields($('cle2-droite'), r, true, preferredFor(l, $('cle2-gauche').value));
    fillFields($('agregat-champ'), r, false, null);
    fillFields($('agregat-poids'), r, true, null);
  }

  function refreshLeft() {
    const l = byId.get(left.value);
    fillFields($('cle-gauche'), l, false, { name: null, role: 'uai' }); // an établissement's UAI first, when it has one
    fillFields($('cle2-gauche'), l, true, null);
  }

  function spec() {
    const on = [$('cle-gauche').value + '=' + $('cle-droite').value];
    if ($('cle2-gauche').value && $('cle2-droite').value) {
      on.push($('cle2-gauche').value + '=' + $('cle2-droite').value);
    }
    const join = { dataset: right.value, on, how: form.querySelector('input[name=how]:checked').value };
    if (aggregates.length) {
      join.aggregate = aggregates.slice();
    }
    const s = { id: $('jointure-id').value.trim() };
    if ($('jointure-titre').value.trim()) {
      s.title = $('jointure-titre').value.trim();
    }
    s.from = left.value;
    s.joins = [join];
    return s;
  }

  // every scalar as a JSON string, which YAML reads as the same string
  function yaml(s) {
    const q = v => JSON.stringify(v);
    const lines = [];
    lines.push('id: ' + q(s.id));
    if (s.title) {
      lines.push('title: ' + q(s.title));
    }
    lines.push('from: ' + q(s.from), 'joins:');
    for (const j of s.joins) {
      lines.push('  - dataset: ' + q(j.dataset), '    on: [' + j.on.map(q).join(', ') + ']', '    how: ' + j.how);
      if (j.aggregate) {
        lines.push('    aggregate: [' + j.aggregate.map(q).join(', ') + ']');
      }
    }
    return lines.join('\n') + '\n';
  }

  function render() {
    $('spec-yaml').textContent = yaml(spec());
  }

  function renderAggregates() {
    const list = $('agregats');
    list.replaceChildren();
    aggregates.forEach((a, i) => {
      const li = document.createElement('li');
      li.append(a + ' ');
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'fr-btn fr-btn--tertiary fr-btn--sm';
      remove.textContent = 'Retirer ' + a;
      remove.addEventListener('click', () => {
        aggregates.splice(i, 1);
        renderAggregates();
        render();
      });
      li.append(remove);
      list.append(li);
    });
  }

  $('agregat-ajouter').addEventListener('click', () => {
    const fn = $('agregat-fonction').value;
    const weight = $('agregat-poids').value;
    const result = $('jointure-resultat');
    if (fn === 'wmean' && !weight) {
      showError(result, 'Choisissez le champ de poids de la moyenne pondérée.');
      return;
    }
    aggregates.push($('agregat-champ').value + ':' + fn + (fn === 'wmean' ? ':' + weight : ''));
    renderAggregates();
    render();
  });

  left.addEventListener('change', () => { refreshLeft(); refreshRight(false); render(); });
  right.addEventListener('change', () => { aggregates.length = 0; renderAggregates(); refreshRight(false); render(); });
  $('cle-gauche').addEventListener('change', () => { refreshRight(false); render(); });
  $('cle2-gauche').addEventListener('change', () => { refreshRight(true); render(); });
  form.addEventListener('input', render);
  form.addEventListener('change', render);

  // a first proposal that makes sense: a directory of établissements on the left (a UAI, no rentrée) and figures per
  // UAI and rentrée on the right (effectifs, IPS…), else the first two datasets
  const hasRole = (d, role) => Boolean(d.roles && d.roles[role]);
  // a declared schema names the rentrée's role; a file without one has it as a field name
  const perRentree = d => hasRole(d, 'rentree') || d.fields.some(f => /^(rentree|rentree_scolaire|annee_scolaire)$/.test(f.name));
  const directory = datasets.find(d => hasRole(d, 'uai') && !perRentree(d));
  const figures = datasets.find(d => d !== directory && hasRole(d, 'uai') && perRentree(d));
  if (directory && figures) {
    left.value = directory.id;
    right.value = figures.id;
  } else if (datasets.length > 1) {
    right.selectedIndex = 1;
  }
  refreshLeft();
  refreshRight(false);
  render();

  // the datasets of the key's catalogue (open ones and those its conventions grant) replace the open catalogue's
  function useDatasets(list) {
    datasets = list;
    byId = new Map(datasets.map(d => [d.id, d]));
    for (const select of [left, right]) {
      const previous = select.value;
      select.replaceChildren(...datasets.map(d => new Option(d.title + ' (' + d.id + ')', d.id)));
      if (byId.has(previous)) {
        select.value = previous;
      }
    }
    refreshLeft();
    refreshRight(true);
    render();
  }

  $('charger-jeux')?.addEventListener('click', async () => {
    const key = $('cle-api').value.trim();
    const state = $('jeux-etat');
    if (!key) {
      state.textContent = 'Saisissez d\'abord la clé d\'API de votre client.';
      return;
    }
    try {
      const response = await fetch('/jointures/jeux', { headers: { 'Authorization': 'Apikey ' + key }, credentials: 'omit', cache: 'no-store' });
      if (!response.ok) {
        state.textContent = response.status === 401 ? 'Clé d\'API non reconnue : vérifiez-la.' : 'Le serveur a répondu ' + response.status + '.';
        return;
      }
      useDatasets(await response.json());
      state.textContent = datasets.length + ' jeu(x) proposé(s) : ceux que cette clé peut lire.';
    } catch (e) {
      state.textContent = 'Le serveur n\'a pas pu être joint : ' + e.message;
    }
  });

  function alertBox(kind, title, text) {
    const box = document.createElement('div');
    box.className = 'fr-alert fr-alert--' + kind;
    const h = document.createElement('h3');
    h.className = 'fr-alert__title';
    h.textContent = title;
    const p = document.createElement('p');
    p.textContent = text;
    box.append(h, p);
    return box;
  }

  function showError(target, text, title = 'La jointure n\'a pas été lancée') {
    target.replaceChildren(alertBox('error', title, text));
  }

  // what a 4xx means for the person at the page, then the server's own message
  function explain(status, body) {
    const detail = body && body.message ? ' Détail : ' + body.message : '';
    switch (status) {
      case 400: return 'La spécification est refusée et rien n\'a été publié : vérifiez les jeux, les champs clés et les agrégations '
          + '(une clé qui a plusieurs lignes à droite demande une agrégation).' + detail;
      case 401: return csrf ? 'Votre session a pris fin : reconnectez-vous (« Se connecter »), puis recommencez.' + detail
          : 'Clé d\'API absente ou non reconnue : saisissez la clé d\'API de votre client (demandez-la à l\'administrateur de GéoÉduc).' + detail;
      case 403: return (body && body.error_code === 'InvalidCsrfToken' ? 'La page a expiré : rechargez-la, puis recommencez.'
          : (csrf ? 'Votre compte' : 'Votre clé d\'API') + ' ne donne pas accès à ces données (convention absente ou ne couvrant pas ces champs).') + detail;
      case 404: return 'Un des jeux choisis est inconnu ou ne vous est pas accessible.' + detail;
      case 409: return 'L\'identifiant « ' + $('jointure-id').value.trim() + ' » est déjà celui d\'un jeu qui n\'est pas une jointure : '
          + 'choisissez un autre identifiant.' + detail;
      case 413: return 'La spécification est trop longue (plus de 64 Kio).' + detail;
      case 429: return 'Le quota de requêtes ' + (csrf ? 'de votre compte' : 'de votre clé') + ' est atteint : réessayez plus tard.' + detail;
      default: return 'Le serveur a répondu ' + status + '.' + detail;
    }
  }

  function published(target, answer) {
    const id = answer.id;
    const ok = alertBox('success', 'Jointure publiée : ' + id + ', version ' + answer.version,
        answer.rows + ' lignes' + (answer.restricted ? ' ; résultat restreint (une entrée est restreinte).' : '.')
        + ' Entrées : ' + (answer.inputs || []).join(', ') + '.');
    const link = document.createElement('a');
    link.href = '/jeux/' + encodeURIComponent(id);
    link.className = 'fr-link';
    link.id = 'lien-resultat';
    link.textContent = 'Voir le jeu dérivé ' + id;
    ok.append(link);
    report(target, answer, ok);
  }

  function checked(target, answer) {
    report(target, answer, alertBox('info', 'Vérification : rien n\'a été publié',
        'Le rapport ci-dessous est celui que la jointure aurait ; « Lancer la jointure » la publie.'));
    preview(target, answer.preview);
  }

  // the first rows of the result the jointure would publish, in a DSFR table after the report
  function preview(target, p) {
    if (!p || !(p.fields || []).length) {
      return;
    }
    const h = document.createElement('h3');
    h.textContent = 'Aperçu du résultat';
    const wrap = document.createElement('div');
    wrap.className = 'fr-table';
    const table = document.createElement('table');
    table.id = 'apercu-lignes';
    const caption = document.createElement('caption');
    caption.textContent = 'Les ' + p.rows.length + ' premières lignes du résultat (rien n\'est publié)';
    table.append(caption);
    const head = table.createTHead().insertRow();
    for (const f of p.fields) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = f;
      head.append(th);
    }
    const body = table.createTBody();
    for (const r of p.rows) {
      const row = body.insertRow();
      for (const v of r) {
        row.insertCell().textContent = v === null || v === undefined ? '' : String(v);
      }
    }
    wrap.append(table);
    target.append(h, wrap);
  }

  function report(target, answer, banner) {
    const parts = [banner];
    const r = answer.report || { results: [], notes: [] };
    const h = document.createElement('h3');
    h.textContent = 'Rapport d\'appariement';
    parts.push(h);
    const wrap = document.createElement('div');
    wrap.className = 'fr-table';
    const table = document.createElement('table');
    table.id = 'rapport-appariement';
    const caption = document.createElement('caption');
    caption.textContent = 'Lignes appariées et sans correspondance, avec la raison et des exemples';
    table.append(caption);
    const head = table.createTHead().insertRow();
    for (const t of ['Constat', 'Nombre', 'Exemples (ligne : clé — raison)']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = t;
      head.append(th);
    }
    const body = table.createTBody();
    for (const res of r.results || []) {
      const row = body.insertRow();
      row.dataset.regle = res.rule;
      row.insertCell().textContent = res.title;
      row.insertCell().textContent = String(res.count);
      row.insertCell().textContent = (res.examples || []).slice(0, 5)
          .map(e => 'ligne ' + e.line + ' : ' + (e.value ?? '') + ' — ' + (e.message ?? '')).join(' ; ');
    }
    wrap.append(table);
    parts.push(wrap);
    if ((r.notes || []).length) {
      const ul = document.createElement('ul');
      ul.className = 'fr-text--sm';
      for (const n of r.notes) {
        const li = document.createElement('li');
        li.textContent = n;
        ul.append(li);
      }
      parts.push(ul);
    }
    target.replaceChildren(...parts);
  }

  async function send(url, onSuccess) {
    const result = $('jointure-resultat');
    const s = spec();
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(s.id)) {
      showError(result, 'Donnez un identifiant au jeu dérivé : lettres minuscules, chiffres, tirets (par exemple « ips-effectifs-35 »).');
      return;
    }
    const key = csrf ? null : $('cle-api').value.trim();
    if (!csrf && !key) {
      showError(result, 'Saisissez la clé d\'API de votre client, ou connectez-vous : publier ou vérifier une jointure le demande.');
      return;
    }
    const buttons = [$('lancer'), $('verifier')];
    buttons.forEach(b => { b.disabled = true; });
    result.replaceChildren(alertBox('info', 'Jointure en cours…', 'Lecture des entrées et appariement.'));
    try {
      const headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
      if (csrf) {
        headers['X-CSRF-Token'] = csrf;
      } else {
        headers['Authorization'] = 'Apikey ' + key;
      }
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(s),
        credentials: csrf ? 'same-origin' : 'omit',
        cache: 'no-store',
      });
      let answer = null;
      try {
        answer = await response.json();
      } catch {
        answer = null;
      }
      if (response.ok) {
        onSuccess(result, answer);
      } else {
        showError(result, explain(response.status, answer));
      }
    } catch (e) {
      showError(result, 'Le serveur n\'a pas pu être joint : ' + e.message);
    } finally {
      buttons.forEach(b => { b.disabled = false; });
    }
  }

  form.addEventListener('submit', event => {
    event.preventDefault();
    send('/api/joins', published);
  });
  $('verifier').addEventListener('click', () => send('/api/joins/verification', checked));
}
