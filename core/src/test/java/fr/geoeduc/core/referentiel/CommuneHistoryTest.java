package fr.geoeduc.core.referentiel;

import fr.geoeduc.core.ingest.ReferentielLoader;
import fr.geoeduc.core.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CommuneHistoryTest {

    private static CommuneEvent event(int mod, String date, String typeBefore, String before, String typeAfter, String after, String nameAfter) {
        return new CommuneEvent(mod, LocalDate.parse(date), typeBefore, before, "avant " + before, typeAfter, after, nameAfter);
    }

    /** A commune nouvelle as INSEE writes it: chef-lieu renamed, absorbed code → chef-lieu, each also → COMD. */
    private static List<CommuneEvent> communeNouvelle(String date, String chefLieu, String name, String... absorbed) {
        List<CommuneEvent> out = new ArrayList<>();
        out.add(event(32, date, "COM", chefLieu, "COM", chefLieu, name));
        out.add(event(32, date, "COM", chefLieu, "COMD", chefLieu, "déléguée " + chefLieu));
        for (String a : absorbed) {
            out.add(event(32, date, "COM", a, "COM", chefLieu, name));
            out.add(event(32, date, "COM", a, "COMD", a, "déléguée " + a));
        }
        return out;
    }

    @Test
    void mergerIntoACommuneNouvelle() {
        CommuneHistory h = new CommuneHistory(communeNouvelle("2019-01-01", "35163", "Luitré-Dompierre", "35100"));
        CommuneHistory.Succession s = h.successor("35100").orElseThrow();
        assertThat(s.oldCode()).isEqualTo("35100");
        assertThat(s.currentCode()).isEqualTo("35163");
        assertThat(s.currentName()).isEqualTo("Luitré-Dompierre");
        assertThat(s.date()).isEqualTo(LocalDate.of(2019, 1, 1));
        assertThat(s.mod()).isEqualTo(32);
        // the chef-lieu keeps its code; commune déléguée rows create no succession
        assertThat(h.successor("35163")).isEmpty();
        assertThat(h.isKnownOldCode("35100")).isTrue();
        assertThat(h.isKnownOldCode("35163")).isFalse();
        assertThat(h.predecessors("35163")).containsExactly("35100");
        assertThat(h.isEmpty()).isFalse();
    }

    @Test
    void chainsAreFollowedToTheCurrentCommune() {
        List<CommuneEvent> events = new ArrayList<>();
        events.addAll(communeNouvelle("2016-01-01", "10002", "Bourg-Nouveau", "10001"));
        events.addAll(communeNouvelle("2019-01-01", "10003", "Grand-Bourg", "10002", "10004"));
        events.add(event(31, "2022-01-01", "COM", "10003", "COM", "10005", "Très-Grand-Bourg"));
        CommuneHistory h = new CommuneHistory(events);
        CommuneHistory.Succession s = h.successor("10001").orElseThrow();
        assertThat(s.currentCode()).isEqualTo("10005");
        assertThat(s.currentName()).isEqualTo("Très-Grand-Bourg");
        assertThat(s.date()).as("date of the first event").isEqualTo(LocalDate.of(2016, 1, 1));
        assertThat(h.successor("10002").orElseThrow().currentCode()).isEqualTo("10005");
        assertThat(h.successor("10002").orElseThrow().date()).isEqualTo(LocalDate.of(2019, 1, 1));
        assertThat(h.successor("10004").orElseThrow().currentCode()).isEqualTo("10005");
        assertThat(h.successor("10003").orElseThrow().mod()).isEqualTo(31);
        assertThat(h.successor("10005")).isEmpty();
        assertThat(h.predecessors("10005")).containsExactlyInAnyOrder("10001", "10002", "10003", "10004");
        assertThat(h.predecessors("10003")).containsExactlyInAnyOrder("10001", "10002", "10004");
        assertThat(h.predecessors("10001")).isEmpty();
    }

    @Test
    void eventOrderInTheFileDoesNotMatter() {
        List<CommuneEvent> events = new ArrayList<>();
        events.addAll(communeNouvelle("2016-01-01", "10002", "Bourg-Nouveau", "10001"));
        events.addAll(communeNouvelle("2019-01-01", "10003", "Grand-Bourg", "10002"));
        List<CommuneEvent> reversed = new ArrayList<>(events);
        Collections.reverse(reversed);
        CommuneHistory h = new CommuneHistory(reversed);
        assertThat(h.successor("10001").orElseThrow().currentCode()).isEqualTo("10003");
        assertThat(h.successor("10001").orElseThrow().currentName()).isEqualTo("Grand-Bourg");
    }

    @Test
    void retablissementUndoesTheMerger() {
        List<CommuneEvent> events = new ArrayList<>(communeNouvelle("2016-01-01", "20002", "Fusionville", "20001", "20003"));
        // 2020: 20001 is re-established (MOD 21), 20003 stays merged
        events.add(event(21, "2020-01-01", "COM", "20002", "COM", "20001", "Rétablie"));
        events.add(event(21, "2020-01-01", "COM", "20002", "COM", "20002", "Fusionville"));
        CommuneHistory h = new CommuneHistory(events);
        assertThat(h.successor("20001")).isEmpty();
        assertThat(h.isKnownOldCode("20001")).isFalse();
        assertThat(h.successor("20003").orElseThrow().currentCode()).isEqualTo("20002");
        assertThat(h.predecessors("20002")).containsExactly("20003");
        assertThat(h.successor("20002")).isEmpty();
    }

    @Test
    void retablissementThenNewMerger() {
        List<CommuneEvent> events = new ArrayList<>(communeNouvelle("2016-01-01", "20002", "Fusionville", "20001"));
        events.add(event(21, "2020-01-01", "COM", "20002", "COM", "20001", "Rétablie"));
        events.addAll(communeNouvelle("2023-01-01", "20009", "Autre-Fusion", "20001"));
        CommuneHistory h = new CommuneHistory(events);
        CommuneHistory.Succession s = h.successor("20001").orElseThrow();
        assertThat(s.currentCode()).isEqualTo("20009");
        assertThat(s.date()).isEqualTo(LocalDate.of(2023, 1, 1));
        assertThat(h.predecessors("20002")).isEmpty();
    }

    @Test
    void codeChangesAreSuccessionsButRenamesAreNot() {
        CommuneHistory h = new CommuneHistory(List.of(
                event(41, "1976-01-01", "COM", "20004", "COM", "2A004", "Ajaccio"),
                event(10, "2020-01-01", "COM", "35001", "COM", "35001", "Acigné-Nouveau"),
                event(20, "2020-01-01", "COM", "35999", "COM", "35998", "Création")));
        assertThat(h.successor("20004").orElseThrow().currentCode()).isEqualTo("2A004");
        assertThat(h.successor("20004").orElseThrow().mod()).isEqualTo(41);
        assertThat(h.successor("35001")).isEmpty();
        assertThat(h.successor("35999")).as("MOD 20 (création) is not a merger").isEmpty();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void aCycleOfCodeChangesTerminates() {
        CommuneHistory h = new CommuneHistory(List.of(
                event(50, "2000-01-01", "COM", "30001", "COM", "30002", "B"),
                event(50, "2010-01-01", "COM", "30002", "COM", "30001", "A")));
        assertThat(h.successor("30001")).isPresent();
        assertThat(h.predecessors("30001")).contains("30002");
    }

    @Test
    void emptyHistory() {
        CommuneHistory h = CommuneHistory.empty();
        assertThat(h.isEmpty()).isTrue();
        assertThat(h.successor("35100")).isEmpty();
        assertThat(h.predecessors("35163")).isEmpty();
    }

    @Test
    void realCogExtractOfIlleEtVilaine(@TempDir Path dir) {
        try (SqliteStore store = SqliteStore.open(dir)) {
            int loaded = new ReferentielLoader(store).loadCommuneEvents(Path.of("src/main/resources/referentiel/cog-mouvements-35-extrait.csv"));
            assertThat(loaded).isEqualTo(30);
            CommuneHistory h = new CommuneHistory(store.communeEvents());
            assertThat(h.successor("35100").orElseThrow()).satisfies(s -> {
                assertThat(s.currentCode()).isEqualTo("35163");
                assertThat(s.currentName()).isEqualTo("Luitré-Dompierre");
                assertThat(s.date()).isEqualTo(LocalDate.of(2019, 1, 1));
            });
            assertThat(h.successor("35303").orElseThrow().currentCode()).isEqualTo("35004");
            assertThat(h.successor("35147").orElseThrow().currentName()).isEqualTo("Mesnil-Roc'h");
            assertThat(h.successor("35053").orElseThrow().currentCode()).isEqualTo("35220");
            for (String chefLieu : List.of("35004", "35163", "35220", "35282", "35308")) {
                assertThat(h.successor(chefLieu)).as(chefLieu).isEmpty();
            }
            assertThat(h.predecessors("35004")).containsExactlyInAnyOrder("35303", "35341", "35113");
            assertThat(h.predecessors("35282")).containsExactlyInAnyOrder("35348", "35269", "35293");
            assertThat(h.predecessors("35308")).containsExactlyInAnyOrder("35147", "35344");
            assertThat(h.successor("35238")).isEmpty();
        }
    }
}
