package fr.geoeduc.core.access;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The views nobody has today, computed from the convention records: conventions per party, the
 * cartographie des échanges (parties as nodes, datasets flowing under conventions as edges), deliveries due
 * and late, who may see each dataset and why, the RGPD art. 30 register entries and the families' notice.
 */
public final class RegistryViews {

    public record Edge(String from, String to, String dataset, String convention, String status, String frequency) {
    }

    public record Map_(List<Organisation> nodes, List<Edge> edges) {
    }

    public record DueDelivery(String convention, String delivery, String dataset, String provider, LocalDate due,
                              boolean late, LocalDate lastReceived) {
    }

    public record DatasetAccess(String dataset, String organisation, String convention, String status, String granularity,
                                List<String> fields, String territory, List<String> purposes, LocalDate until) {
    }

    private RegistryViews() {
    }

    public static List<Convention> ofParty(List<Convention> all, String organisation) {
        return all.stream().filter(c -> c.parties().stream().anyMatch(p -> p.organisation().equals(organisation))).toList();
    }

    /** Parties as nodes; for each scope, an edge from each provider to each recipient. */
    public static Map_ cartographie(List<Convention> all, List<Organisation> organisations) {
        Set<String> used = new LinkedHashSet<>();
        List<Edge> edges = new ArrayList<>();
        for (Convention c : all) {
            for (Convention.Party from : c.parties()) {
                if (from.role() == Convention.Role.RECIPIENT) {
                    continue;
                }
                for (Convention.Party to : c.parties()) {
                    if (!to.receives() || to.organisation().equals(from.organisation())) {
                        continue;
                    }
                    for (Convention.DataScope s : c.scopes()) {
                        String frequency = c.deliveries().stream().filter(d -> s.dataset().equals(d.dataset())).map(Convention.Delivery::frequency)
                                .findFirst().orElse("API");
                        edges.add(new Edge(from.organisation(), to.organisation(), s.dataset(), c.id() + "@" + c.version(), c.status().name(), frequency));
                        used.add(from.organisation());
                        used.add(to.organisation());
                    }
                }
            }
        }
        return new Map_(organisations.stream().filter(o -> used.contains(o.id())).toList(), edges);
    }

    /** The cartographie as an SVG drawing: parties on a circle, one arrow per dataset flow. */
    public static String cartographieSvg(Map_ map) {
        int n = Math.max(1, map.nodes().size());
        double cx = 400;
        double cy = 300;
        double r = 220;
        Map<String, double[]> pos = new LinkedHashMap<>();
        for (int i = 0; i < map.nodes().size(); i++) {
            double a = 2 * Math.PI * i / n - Math.PI / 2;
            pos.put(map.nodes().get(i).id(), new double[]{cx + r * Math.cos(a), cy + r * Math.sin(a)});
        }
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"600\" viewBox=\"0 0 800 600\" "
                + "role=\"img\" aria-label=\"Cartographie des échanges de données\">"
                + "<defs><marker id=\"fleche\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#000091\"/></marker></defs>");
        int k = 0;
        for (Edge e : map.edges()) {
            double[] a = pos.get(e.from());
            double[] b = pos.get(e.to());
            if (a == null || b == null) {
                continue;
            }
            double bend = 20 + 12 * (k++ % 4);
            double mx = (a[0] + b[0]) / 2 + bend * (b[1] - a[1]) / Math.max(1, Math.hypot(b[0] - a[0], b[1] - a[1]));
            double my = (a[1] + b[1]) / 2 - bend * (b[0] - a[0]) / Math.max(1, Math.hypot(b[0] - a[0], b[1] - a[1]));
            String color = "ACTIVE".equals(e.status()) ? "#000091" : "#999999";
            svg.append(String.format(java.util.Locale.ROOT, "<path d=\"M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                    + "marker-end=\"url(#fleche)\"><title>%s → %s : %s (%s, %s)</title></path>", a[0], a[1], mx, my, b[0], b[1], color,
                    esc(e.from()), esc(e.to()), esc(e.dataset()), esc(e.convention()), esc(e.status())));
            svg.append(String.format(java.util.Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"%s\">%s</text>", mx, my, color, esc(e.dataset())));
        }
        for (Organisation o : map.nodes()) {
            double[] p = pos.get(o.id());
            svg.append(String.format(java.util.Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"34\" fill=\"#e3e3fd\" stroke=\"#000091\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%s</text>", p[0], p[1], p[0], p[1] + 4, esc(o.name())));
        }
        return svg.append("</svg>").toString();
    }

    /**
     * Scheduled deliveries of active conventions whose due date (month-day of the current or past year) has
     * passed without a file received since; {@code received} maps "convention/delivery" to the last date received.
     */
    public static List<DueDelivery> deliveries(List<Convention> all, Map<String, LocalDate> received, LocalDate today) {
        List<DueDelivery> out = new ArrayList<>();
        for (Convention c : all) {
            if (c.status() != Convention.Status.ACTIVE) {
                continue;
            }
            for (Convention.Delivery d : c.deliveries()) {
                LocalDate last = received.get(c.id() + "/" + d.name());
                for (String md : d.dueMonthDays() == null ? List.<String>of() : d.dueMonthDays()) {
                    MonthDay monthDay = MonthDay.parse("--" + md);
                    LocalDate due = monthDay.atYear(today.getYear());
                    if (due.isAfter(today.plusDays(60))) {
                        due = due.minusYears(1);
                    }
                    if (c.lifeCycle() != null && c.lifeCycle().startsOn() != null && due.isBefore(c.lifeCycle().startsOn())) {
                        continue;
                    }
                    boolean late = !due.isAfter(today) && (last == null || last.isBefore(due.minusMonths(1)));
                    out.add(new DueDelivery(c.id(), d.name(), d.dataset(), d.provider(), due, late, last));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(DueDelivery::due));
        return out;
    }

    /** Per dataset: which organisation may see it, under which convention, what and why. */
    public static List<DatasetAccess> access(List<Convention> all, String dataset, LocalDate today) {
        List<DatasetAccess> out = new ArrayList<>();
        for (Convention c : all) {
            for (Convention.DataScope s : c.scopes()) {
                if (!s.dataset().equals(dataset)) {
                    continue;
                }
                for (Convention.Party p : c.parties()) {
                    if (p.receives()) {
                        out.add(new DatasetAccess(dataset, p.organisation(), c.id() + "@" + c.version(),
                                c.activeOn(today) ? "actif" : c.status().name().toLowerCase(java.util.Locale.ROOT), s.granularity().name(), s.fields(),
                                s.territory() == null ? "" : s.territory().field() + " ∈ " + s.territory().codes(),
                                c.purposes().stream().map(Convention.Purpose::label).toList(), c.lifeCycle().lastDay()));
                    }
                }
            }
        }
        return out;
    }

    /** The RGPD art. 30 register entries (one per convention with personal data). */
    public static List<Map<String, Object>> registreArt30(List<Convention> all) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Convention c : all) {
            boolean personal = c.scopes().stream().anyMatch(Convention.DataScope::personalData);
            if (!personal) {
                continue;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("traitement", c.title());
            e.put("reference", c.number() + " v" + c.version());
            e.put("responsable_de_traitement", c.rights() == null ? null : c.rights().responsableDeTraitement());
            e.put("delegues_protection_donnees", c.rights() == null ? Map.of() : c.rights().dpdPerParty());
            e.put("finalites", c.purposes().stream().map(p -> p.label() + (p.competence() == null ? "" : " (" + p.competence() + ")")).toList());
            e.put("base_legale", c.legalBasis() == null ? null : c.legalBasis().rgpdBasis() + " — " + String.join(", ", c.legalBasis().texts()));
            e.put("categories_de_personnes", List.of("élèves", "responsables légaux"));
            List<String> data = new ArrayList<>();
            c.scopes().stream().filter(Convention.DataScope::personalData).forEach(s -> data.add(s.dataset() + " : " + String.join(", ", s.fields())));
            e.put("categories_de_donnees", data);
            e.put("destinataires", c.parties().stream().filter(Convention.Party::receives).map(Convention.Party::organisation).toList());
            e.put("services_destinataires", c.recipients() == null ? List.of() : c.recipients().personalDataServices());
            e.put("transferts_hors_ue", "aucun");
            e.put("durees_de_conservation", c.retention() == null ? Map.of() : c.retention().monthsPerDataset());
            e.put("mesures_de_securite", c.protection() == null ? null : c.protection().securityMeasures());
            e.put("pseudonymisation", "HMAC-SHA-256 avec une clé propre à la convention, détenue par la plateforme");
            out.add(e);
        }
        return out;
    }

    /** The information notice for families, in French, from one convention. */
    public static String noticeFamilles(Convention c, List<Organisation> organisations) {
        StringBuilder sb = new StringBuilder();
        sb.append("Information des familles — ").append(c.title()).append(" (").append(c.number()).append(")\n\n");
        sb.append("Pourquoi ? ").append(String.join(" ; ", c.purposes().stream().map(Convention.Purpose::label).toList())).append(".\n");
        sb.append("Sur quelle base ? ").append(c.legalBasis() == null ? "" : c.legalBasis().rgpdBasis() + " (" + String.join(", ", c.legalBasis().texts()) + ")").append(".\n");
        sb.append("Qui reçoit les données ? ");
        sb.append(String.join(", ", c.parties().stream().filter(Convention.Party::receives).map(p -> name(p.organisation(), organisations)).toList())).append(".\n");
        sb.append("Quelles données ? ");
        for (Convention.DataScope s : c.scopes()) {
            sb.append(s.dataset()).append(" (").append(String.join(", ", s.fields())).append(")")
                    .append(s.granularity() == Convention.Granularity.AGGREGATED ? ", seulement des effectifs agrégés et protégés par le secret statistique"
                            : ", les identifiants des élèves étant remplacés par des pseudonymes").append(". ");
        }
        sb.append("\nCombien de temps ? ");
        if (c.retention() != null && c.retention().monthsPerDataset() != null) {
            c.retention().monthsPerDataset().forEach((d, m) -> sb.append(d).append(" : ").append(m).append(" mois. "));
        }
        sb.append("\nUtilisations interdites : ").append(c.uses() == null || c.uses().forbidden() == null ? "" : String.join(" ; ", c.uses().forbidden())).append(".\n");
        sb.append("Vos droits : information, accès, rectification et opposition, auprès de ")
                .append(c.rights() == null ? "" : c.rights().familiesContact()).append(".\n");
        if (c.rights() != null && c.rights().dpdPerParty() != null) {
            sb.append("Délégués à la protection des données : ");
            c.rights().dpdPerParty().forEach((p, d) -> sb.append(name(p, organisations)).append(" — ").append(d).append(" ; "));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The printable convention's only style sheet, inline so that the saved file stands alone (the server's CSP allows its hash). */
    public static final String PRINTABLE_STYLE = "body{font-family:serif;max-width:50em;margin:2em auto}"
            + "h1{font-size:1.4em}th{text-align:left;vertical-align:top;padding-right:1em}";

    /** A printable HTML version of a convention (every field of the record). */
    public static String printable(Convention c, List<Organisation> organisations) {
        StringBuilder h = new StringBuilder("<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(c.number())).append("</title><style>").append(PRINTABLE_STYLE).append("</style></head><body>");
        h.append("<h1>Convention d'échange de données n° ").append(esc(c.number())).append(" — ").append(esc(c.title())).append("</h1>");
        h.append("<p>Version ").append(c.version()).append(", statut : ").append(esc(c.status().name())).append("</p>");
        h.append("<h2>Parties</h2><ul>");
        for (Convention.Party p : c.parties()) {
            h.append("<li>").append(esc(name(p.organisation(), organisations))).append(" — ").append(esc(p.role().name()))
                    .append(p.signatoryName() == null ? "" : ", signataire : " + esc(p.signatoryName()) + " (" + esc(p.signatoryFunction()) + ")").append("</li>");
        }
        h.append("</ul><h2>Base légale</h2><p>").append(c.legalBasis() == null ? "" : esc(String.join(" ; ", c.legalBasis().texts())) + " — " + esc(c.legalBasis().rgpdBasis())).append("</p>");
        h.append("<h2>Finalités</h2><ul>");
        c.purposes().forEach(p -> h.append("<li>").append(esc(p.label())).append(p.competence() == null ? "" : " (" + esc(p.competence()) + ")").append("</li>"));
        h.append("</ul><h2>Données</h2><table>");
        for (Convention.DataScope s : c.scopes()) {
            h.append("<tr><th>").append(esc(s.dataset())).append("</th><td>variables : ").append(esc(String.join(", ", s.fields())))
                    .append("<br>granularité : ").append(esc(s.granularity().name()))
                    .append("<br>territoire : ").append(s.territory() == null ? "" : esc(s.territory().field() + " ∈ " + s.territory().codes()))
                    .append("<br>période : ").append(s.period() == null ? "toutes" : esc(s.period().from() + "–" + s.period().to()))
                    .append("<br>identifiants pseudonymisés : ").append(esc(String.join(", ", s.pseudonymisedFields()))).append("</td></tr>");
        }
        h.append("</table><h2>Livraisons</h2><ul>");
        c.deliveries().forEach(d -> h.append("<li>").append(esc(d.name() + " (" + d.filePattern() + ") par " + d.provider() + ", échéances "
                + d.dueMonthDays() + ", " + d.frequency())).append("</li>"));
        h.append("</ul><h2>Utilisations</h2><p>Autorisées : ").append(c.uses() == null ? "" : esc(String.join(" ; ", c.uses().permitted())))
                .append("<br>Interdites : ").append(c.uses() == null ? "" : esc(String.join(" ; ", c.uses().forbidden()))).append("</p>");
        h.append("<h2>Protection</h2><p>").append(c.protection() == null ? "" : esc(c.protection().securityMeasures()) + "<br>Citation : "
                + esc(c.protection().sourceCitation())).append("</p>");
        h.append("<h2>Conservation</h2><p>").append(c.retention() == null ? "" : esc(String.valueOf(c.retention().monthsPerDataset()))
                + ", suppression " + c.retention().deletionDelayMonths() + " mois après la fin").append("</p>");
        h.append("<h2>Droits</h2><p>").append(c.rights() == null ? "" : "Contact des familles : " + esc(c.rights().familiesContact())
                + "<br>Responsable de traitement : " + esc(c.rights().responsableDeTraitement()) + "<br>DPD : " + esc(String.valueOf(c.rights().dpdPerParty()))).append("</p>");
        Convention.LifeCycle l = c.lifeCycle();
        h.append("<h2>Durée</h2><p>Du ").append(l.startsOn()).append(" au ").append(l.lastDay()).append(l.tacitRenewal() ? ", reconduction tacite après réunion de bilan" : "")
                .append(l.noticeMonths() == null ? "" : ", préavis " + l.noticeMonths() + " mois").append("</p>");
        h.append("<h2>Conditions financières</h2><p>").append(esc(c.financialTerms() == null ? "aucune" : c.financialTerms())).append("</p>");
        return h.append("</body></html>").toString();
    }

    static String name(String id, List<Organisation> organisations) {
        Optional<Organisation> o = organisations.stream().filter(x -> x.id().equals(id)).findFirst();
        return o.map(Organisation::name).orElse(id);
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
