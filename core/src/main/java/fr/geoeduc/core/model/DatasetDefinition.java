package fr.geoeduc.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the catalogue knows about a dataset: descriptive metadata (DCAT) and, for the ministry's datasets,
 * the declared fields, the roles of some of them (which field is the UAI, the commune…) and the totals to check.
 * An inferred dataset has no declared fields; its fields come from its versions.
 */
public record DatasetDefinition(String id, String title, String description, String producer, String licence,
                                List<String> keywords, List<String> themes, String frequency,
                                String temporalCoverage, String spatialCoverage, AccessLevel accessLevel,
                                List<String> key, String multiRowFlag, Map<String, String> roles,
                                List<TotalRule> totals, List<Field> fields) {

    public DatasetDefinition {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        themes = themes == null ? List.of() : List.copyOf(themes);
        key = key == null ? List.of() : List.copyOf(key);
        roles = roles == null ? Map.of() : Map.copyOf(roles);
        totals = totals == null ? List.of() : List.copyOf(totals);
        fields = fields == null ? List.of() : List.copyOf(fields);
        accessLevel = accessLevel == null ? AccessLevel.OPEN : accessLevel;
    }

    public static DatasetDefinition inferred(String id, AccessLevel accessLevel) {
        return new DatasetDefinition(id, id, "Jeu de données importé ; schéma déduit du fichier.", null, null,
                List.of(), List.of(), null, null, null, accessLevel, List.of(), null, Map.of(), List.of(), List.of());
    }

    /** True for the ministry's datasets, whose fields are declared; false when fields were inferred from files. */
    public boolean isDeclared() {
        return fields.stream().anyMatch(f -> "declared".equals(f.origin()));
    }

    public Optional<String> role(String role) {
        return Optional.ofNullable(roles.get(role));
    }

    public DatasetDefinition withAccessLevel(AccessLevel level) {
        return new DatasetDefinition(id, title, description, producer, licence, keywords, themes, frequency,
                temporalCoverage, spatialCoverage, level, key, multiRowFlag, roles, totals, fields);
    }

    /** The same entry with this title and description; null keeps the current one. */
    public DatasetDefinition withTitle(String newTitle, String newDescription) {
        return new DatasetDefinition(id, newTitle == null ? title : newTitle, newDescription == null ? description : newDescription, producer,
                licence, keywords, themes, frequency, temporalCoverage, spatialCoverage, accessLevel, key, multiRowFlag, roles, totals, fields);
    }

    public static final String SYNTHETIC_TITLE = "[DONNÉES SYNTHÉTIQUES] ";

    /** The same entry, labelled everywhere it shows as generated data, not real data. */
    public DatasetDefinition asSynthetic() {
        if (title != null && title.startsWith(SYNTHETIC_TITLE)) {
            return this;
        }
        List<String> kw = new java.util.ArrayList<>(keywords);
        kw.add("synthétique");
        return new DatasetDefinition(id, SYNTHETIC_TITLE + title,
                "Données SYNTHÉTIQUES générées par GéoÉduc pour la démonstration hors ligne, pas des données réelles. "
                        + (description == null ? "" : description),
                producer == null ? "GéoÉduc (génération synthétique)" : producer + " — données synthétiques générées par GéoÉduc",
                licence, kw, themes, frequency, temporalCoverage, spatialCoverage, accessLevel, key, multiRowFlag, roles, totals, fields);
    }

    public boolean isSynthetic() {
        return title != null && title.startsWith(SYNTHETIC_TITLE);
    }

    public DatasetDefinition withFields(List<Field> newFields) {
        return new DatasetDefinition(id, title, description, producer, licence, keywords, themes, frequency,
                temporalCoverage, spatialCoverage, accessLevel, key, multiRowFlag, roles, totals, newFields);
    }
}
