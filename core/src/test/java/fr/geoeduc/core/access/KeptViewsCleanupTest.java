package fr.geoeduc.core.access;

import fr.geoeduc.core.query.AccessServices;
import fr.geoeduc.core.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A convention's large view kept on disk does not outlive its grant: the files of a convention that is no longer active
 * are removed when a server starts, and by a running server as soon as the registry changes (a termination made by
 * another process included), without a restart.
 */
class KeptViewsCleanupTest {

    @TempDir
    Path data;

    private Path kept(String conventionRef) throws Exception {
        Path file = data.resolve("columns").resolve("views").resolve("eleves").resolve(conventionRef + "-v1-0123456789abcdef01234567.cols");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "vue");
        Files.writeString(file.resolveSibling(file.getFileName().toString().replace(".cols", ".properties")), "rows=1");
        return file;
    }

    @Test
    void theViewsOfAConventionEndedWhileTheServerRunsAreRemovedWithoutARestart() throws Exception {
        try (SqliteStore store = SqliteStore.open(data); AccessServices setup = AccessServices.open(store, data, Clock.systemUTC())) {
            setup.registry().saveOrganisation(new Organisation("rectorat", "R", null, Organisation.Kind.ACADEMIE, List.of()));
            setup.registry().saveOrganisation(new Organisation("ville", "V", null, Organisation.Kind.COMMUNE, List.of()));
            for (String id : List.of("conv-a", "conv-b", "conv-future")) {
                Convention c = KeysAtRestTest.convention(id);
                if (id.equals("conv-future")) { // active, but not in force before its first day: no grant, no view
                    Convention.LifeCycle l = c.lifeCycle();
                    c = new Convention(c.id(), c.number(), c.title(), c.version(), c.notifiedOn(), c.status(), c.parties(), c.legalBasis(),
                            c.purposes(), c.scopes(), c.deliveries(), c.recipients(), c.uses(), c.protection(), c.retention(), c.rights(),
                            new Convention.LifeCycle(LocalDate.now().plusMonths(2), l.endsOn(), l.durationMonths(), l.tacitRenewal(),
                                    l.reviewMeeting(), l.noticeMonths(), l.terminatedOn(), l.amendments()), c.financialTerms());
                }
                setup.registry().saveConvention(c);
                setup.registry().transition(id, Convention.Status.VALIDATED, null);
                setup.registry().transition(id, Convention.Status.ACTIVE, null);
            }
        }
        Path a = kept("conv-a@1");
        Path b = kept("conv-b@1");
        Path draft = kept("conv-brouillon@1");
        Path future = kept("conv-future@1");
        try (SqliteStore store = SqliteStore.open(data); AccessServices server = AccessServices.open(store, data, Clock.systemUTC())) {
            assertThat(draft).as("at start: no active convention of that name").doesNotExist();
            assertThat(future).as("at start: active but not yet in force").doesNotExist();
            assertThat(a).exists();
            assertThat(b).exists();

            server.registry().transition("conv-b", Convention.Status.TERMINATED, LocalDate.now());
            server.queries().dataset(new Caller("10.0.0.1", null), "eleves", null); // any request, after the change
            assertThat(b).as("terminated while the server runs").doesNotExist();
            assertThat(b.resolveSibling(b.getFileName().toString().replace(".cols", ".properties"))).doesNotExist();
            assertThat(a).as("still in force").exists();
        }
    }
}
