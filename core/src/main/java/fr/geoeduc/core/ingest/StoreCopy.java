package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.referentiel.ReferentielFeature;
import fr.geoeduc.core.store.DatasetSummary;
import fr.geoeduc.core.store.RecordHasher;
import fr.geoeduc.core.store.Store;
import fr.geoeduc.core.store.StoreException;
import fr.geoeduc.core.store.VersionWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies a whole store into another (embedded ↔ PostgreSQL): catalogue, every version with its records,
 * quality report, lineage and publication time, référentiels (every millésime) and commune history; then verifies every
 * version of the target against the source by row count and record hash. The target must not hold any of
 * the source's datasets (nothing is merged or overwritten).
 */
public final class StoreCopy {

    /** One copied version and its verification. */
    public record CopiedVersion(String datasetId, int version, long sourceRows, long targetRows, String sourceHash,
                                String targetHash) {
        public boolean verified() {
            return sourceRows == targetRows && sourceHash.equals(targetHash);
        }
    }

    public record Report(List<CopiedVersion> versions, Map<String, Integer> referentiels, int communeEvents) {
        public boolean verified() {
            return versions.stream().allMatch(CopiedVersion::verified);
        }
    }

    private StoreCopy() {
    }

    public static Report copy(Store from, Store to, ProgressListener progress) {
        List<DatasetSummary> datasets = from.datasets();
        for (DatasetSummary s : datasets) {
            if (to.dataset(s.definition().id()).isPresent()) {
                throw new StoreException("the target " + "already holds dataset " + s.definition().id()
                        + "; copy into an empty store (nothing was copied)");
            }
        }
        Map<String, Integer> referentiels = new LinkedHashMap<>();
        for (String kind : List.of("commune", "departement", "region", "academie")) {
            int count = 0;
            for (String millesime : fr.geoeduc.core.referentiel.Millesimes.all(from.referentielScopes(kind))) {
                List<ReferentielFeature> features = from.referentiel(kind, millesime);
                Map<String, List<ReferentielFeature>> byScope = new LinkedHashMap<>();
                for (ReferentielFeature f : features) {
                    byScope.computeIfAbsent(kind.equals("commune") ? fr.geoeduc.core.referentiel.CodeNormaliser.departementOfCommune(f.code())
                            : "all:" + f.code(), k -> new ArrayList<>()).add(f);
                }
                byScope.forEach((scope, list) -> to.replaceReferentiel(kind, scope, list));
                count += features.size();
            }
            referentiels.put(kind, count);
        }
        int events = from.communeEvents().size();
        if (events > 0) {
            to.replaceCommuneEvents(from.communeEvents());
        }
        long total = datasets.stream().mapToLong(s -> from.versions(s.definition().id()).stream().mapToLong(DatasetVersion::rowCount).sum()).sum();
        progress.step("copie / copy", total);
        long[] done = {0};
        List<CopiedVersion> copied = new ArrayList<>();
        for (DatasetSummary s : datasets) {
            DatasetDefinition def = s.definition();
            for (DatasetVersion v : from.versions(def.id())) {
                QualityReport quality = from.quality(def.id(), v.number()).orElseThrow();
                RecordHasher sourceHash = new RecordHasher();
                DatasetVersion published;
                try (VersionWriter writer = to.beginVersion(def.id(), v.schema())) {
                    List<Object[]> block = new ArrayList<>(4096);
                    from.readRows(v, row -> {
                        sourceHash.accept(row);
                        block.add(row);
                        if (block.size() == 4096) {
                            writer.write(block);
                            block.clear();
                            done[0] += 4096;
                            progress.progress(done[0]);
                        }
                    });
                    writer.write(block);
                    done[0] += block.size();
                    progress.progress(done[0]);
                    published = writer.publish(def, v.schema(), v.lineage(), quality, v.publishedAt());
                }
                if (published.number() != v.number()) {
                    throw new StoreException("version numbers diverged while copying " + def.id() + ": source v" + v.number()
                            + ", target v" + published.number());
                }
                RecordHasher targetHash = new RecordHasher();
                to.readRows(published, targetHash);
                copied.add(new CopiedVersion(def.id(), v.number(), sourceHash.rows(), targetHash.rows(), sourceHash.hex(), targetHash.hex()));
            }
            for (fr.geoeduc.core.model.MetadataRevision m : from.metadataRevisions(def.id())) {
                to.recordMetadataRevision(def.id(), m.author(), m.recordedAt(), m.origin(), m.changes());
            }
        }
        progress.done();
        return new Report(copied, referentiels, events);
    }
}
