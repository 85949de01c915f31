// The address box of /carte-scolaire as a combobox (WAI-ARIA 1.2 pattern, list autocomplete): as the user types,
// BAN addresses from /api/carte-scolaire/suggestions (debounced); Up/Down move in the list, Enter picks the address
// and submits the existing look-up, Escape closes the list (a second Escape clears the box). While the server builds
// the addresses' index (503 IndexEnPreparation), a visible message says so and the request is sent again after the
// server's Retry-After.

const DELAI_MS = 200;

/** Seconds of a Retry-After header (delay form), bounded; 5 when absent or unreadable. */
export function attente(retryAfter) {
  const s = Number.parseInt(retryAfter ?? '', 10);
  return Number.isFinite(s) && s >= 0 ? Math.min(s, 60) : 5;
}

export function combobox(input, liste, statut, preparation) {
  let options = [];
  let relance = null;
  let active = -1;
  let minuterie = null;
  let demande = null;

  const fermer = () => {
    liste.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const activer = i => {
    const items = liste.querySelectorAll('[role=option]');
    items.forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    active = i;
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', items[i].id);
      items[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };

  const choisir = i => {
    input.value = options[i].label;
    fermer();
    input.form.requestSubmit();
  };

  const afficher = (doc) => {
    options = doc.suggestions;
    liste.replaceChildren();
    options.forEach((s, i) => {
      const li = document.createElement('li');
      li.id = `${liste.id}-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.className = 'geoeduc-suggestion';
      li.textContent = s.label;
      li.addEventListener('mousedown', e => e.preventDefault()); // keeps the focus in the box
      li.addEventListener('click', () => choisir(i));
      liste.append(li);
    });
    active = -1;
    if (options.length) {
      liste.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      statut.textContent = `${options.length} adresse(s) proposée(s), flèches haut et bas pour choisir, Entrée pour valider.`;
    } else {
      fermer();
      statut.textContent = doc.ban_chargee ? 'Aucune adresse connue ne correspond.' : '';
    }
  };

  const chercher = async () => {
    const q = input.value.trim();
    if (q.length < 3) {
      fermer();
      return;
    }
    demande?.abort();
    demande = new AbortController();
    try {
      const r = await fetch('/api/carte-scolaire/suggestions?limit=8&q=' + encodeURIComponent(q), { signal: demande.signal });
      clearTimeout(relance);
      if (r.status === 503) {
        const s = attente(r.headers.get('Retry-After'));
        if (preparation) preparation.hidden = false;
        statut.textContent = 'Index des adresses en préparation, réessayez dans quelques secondes.';
        relance = setTimeout(() => { if (input.value.trim() === q) chercher(); }, s * 1000);
        return;
      }
      if (preparation) preparation.hidden = true;
      if (r.ok) afficher(await r.json());
    } catch (e) {
      if (e.name !== 'AbortError') fermer();
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(minuterie);
    minuterie = setTimeout(chercher, DELAI_MS);
  });
  input.addEventListener('keydown', e => {
    const ouverte = !liste.hidden && options.length > 0;
    if (e.key === 'ArrowDown' && ouverte) {
      e.preventDefault();
      activer((active + 1) % options.length);
    } else if (e.key === 'ArrowUp' && ouverte) {
      e.preventDefault();
      activer(active <= 0 ? options.length - 1 : active - 1);
    } else if (e.key === 'Enter' && ouverte && active >= 0) {
      e.preventDefault();
      choisir(active);
    } else if (e.key === 'Escape') {
      if (ouverte) fermer(); else input.value = '';
    }
  });
  input.addEventListener('blur', () => setTimeout(fermer, 100));
}

const input = document.getElementById('adresse');
if (input) {
  combobox(input, document.getElementById('adresse-suggestions'), document.getElementById('adresse-suggestions-statut'),
    document.getElementById('adresse-suggestions-preparation'));
}
