package fr.geoeduc.server.web;

import fr.geoeduc.core.referentiel.CommuneEvent;
import fr.geoeduc.core.referentiel.ReferentielFeature;
import fr.geoeduc.core.referentiel.ReferentielStore;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The base layer's document is built once and served from memory; a stale one is rebuilt off the request path. */
class BaseLayerTest {

    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    /** Référentiels in memory, counting the reads of whole boundaries. */
    static final class Boundaries implements ReferentielStore {
        final Map<String, List<ReferentielFeature>> kinds = new ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public void replaceReferentiel(String kind, String scope, List<ReferentielFeature> features) {
            kinds.put(kind, List.copyOf(features));
        }

        @Override
        public List<ReferentielFeature> referentiel(String kind) {
            reads.incrementAndGet();
            return kinds.getOrDefault(kind, List.of());
        }

        @Override
        public List<ReferentielFeature> referentiel(String kind, String millesime) {
            reads.incrementAndGet();
            return kinds.getOrDefault(kind, List.of()).stream().filter(f -> java.util.Objects.equals(f.millesime(), millesime)).toList();
        }

        @Override
        public List<fr.geoeduc.core.referentiel.ReferentielScope> referentielScopes(String kind) { // one millésime, one scope
            List<ReferentielFeature> all = kinds.getOrDefault(kind, List.of());
            return all.isEmpty() ? List.of() : List.of(new fr.geoeduc.core.referentiel.ReferentielScope(kind, "test", all.get(0).millesime(), all.size()));
        }

        @Override
        public String referentielDigest(String kind) { // as a store does: an aggregate, without reading the boundaries
            List<ReferentielFeature> all = kinds.getOrDefault(kind, List.of());
            return all.size() + ":" + all.stream().mapToInt(f -> f.geometry().getNumPoints() + f.code().hashCode()).sum();
        }

        @Override
        public void replaceCommuneEvents(List<CommuneEvent> events) {
        }

        @Override
        public List<CommuneEvent> communeEvents() {
            return List.of();
        }
    }

    private static ReferentielFeature square(String code, String name, double x, double y) {
        return new ReferentielFeature("departement", code, name, "2024", GEOMETRY.createPolygon(new Coordinate[] {
                new Coordinate(x, y), new Coordinate(x + 1, y), new Coordinate(x + 1, y + 1), new Coordinate(x, y + 1), new Coordinate(x, y)}));
    }

    @Test
    void theServedDocumentEqualsAFreshBuildAndIsBuiltOnce() {
        Boundaries store = new Boundaries();
        store.replaceReferentiel("departement", "test", List.of(square("35", "Ille-et-Vilaine", -2, 47.6), square("56", "Morbihan", -3.2, 47.5)));
        BaseLayer layer = new BaseLayer(store, () -> 0, 60_000);
        String served = layer.document("");
        assertThat(served).isEqualTo(new BaseLayer(store).build()).contains("Ille-et-Vilaine").contains("\"niveau\":\"departement\"");
        int readsAfterFirst = store.reads.get();
        assertThat(layer.document("")).isSameAs(served);
        assertThat(store.reads.get()).as("no boundary read for a current document").isEqualTo(readsAfterFirst);
    }

    @Test
    void aStaleDocumentIsServedAtOnceAndRebuiltInTheBackgroundOnlyWhenTheBoundariesChanged() throws InterruptedException {
        Boundaries store = new Boundaries();
        store.replaceReferentiel("departement", "test", List.of(square("35", "Ille-et-Vilaine", -2, 47.6)));
        AtomicLong now = new AtomicLong(0);
        BaseLayer layer = new BaseLayer(store, now::get, 60_000);
        String first = layer.document("departement");

        // a minute later, nothing changed: the same document, and the boundaries are not read again
        int reads = store.reads.get();
        now.set(61_000);
        assertThat(layer.document("departement")).isSameAs(first);
        Thread.sleep(200);
        assertThat(layer.document("departement")).isSameAs(first);
        assertThat(store.reads.get()).isEqualTo(reads);

        // new boundaries: the stale document is still answered at once, the next ones have them
        store.replaceReferentiel("departement", "test", List.of(square("35", "Ille-et-Vilaine", -2, 47.6), square("22", "Côtes-d'Armor", -3.5, 48.2)));
        now.set(200_000);
        assertThat(layer.document("departement")).isSameAs(first);
        long deadline = System.currentTimeMillis() + 10_000;
        while (!layer.document("departement").contains("Côtes-d'Armor") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(layer.document("departement")).isEqualTo(layer.build(List.of("departement"))).contains("Côtes-d'Armor");
    }
}
