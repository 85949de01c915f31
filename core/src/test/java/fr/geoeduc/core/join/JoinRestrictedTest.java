package fr.geoeduc.core.join;

import fr.geoeduc.core.query.AccessServices;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A restricted input is read through the policy like any read: a caller without a convention cannot join it. */
class JoinRestrictedTest {

    @TempDir
    Path dir;

    @Test
    void aRestrictedInputIsRefusedToACallerWithoutAConventionAndNothingIsPublished() throws Exception {
        try (TestPlatform p = new TestPlatform(dir); AccessServices access = AccessServices.open(p.store, dir, Clock.systemUTC())) {
            Files.writeString(dir.resolve("etab.csv"), "uai,nom\n0350001Z,A\n0350002Z,B\n");
            Files.writeString(dir.resolve("eleves.csv"), "uai,effectif\n0350001Z,12\n0350002Z,30\n");
            p.ingest(dir.resolve("etab.csv"), "etab");
            p.ingester.ingest(new IngestRequest(dir.resolve("eleves.csv").toString(), "eleves", AccessLevel.RESTRICTED, null, null),
                    ProgressListener.NONE);
            access.registry().saveOrganisation(new fr.geoeduc.core.access.Organisation("commune-c", "Commune C", null,
                    fr.geoeduc.core.access.Organisation.Kind.COMMUNE, List.of()));
            String keyWithoutConvention = access.registry().createClient("commune-c", "sig", 1000).apiKey();
            JoinSpec spec = new JoinSpec("etab", "eleves", List.of(KeyPair.parse("uai", false)), JoinKind.LEFT, List.of(), false,
                    "etab-eleves", null, 0);
            JoinService service = new JoinService(access.queries(), p.store);
            for (Caller caller : List.of(Caller.INTERNAL, new Caller("10.0.0.9", keyWithoutConvention))) {
                assertThatThrownBy(() -> service.run(caller, spec, ProgressListener.NONE))
                        .isInstanceOf(JoinException.class).hasMessageContaining("'eleves'").hasMessageContaining("convention");
            }
            assertThat(p.store.dataset("etab-eleves")).isEmpty();
            // the open input alone joins (the refusal above is the policy's, not the spec's)
            JoinSpec open = new JoinSpec("etab", "etab", List.of(KeyPair.parse("uai", false)), JoinKind.LEFT, List.of(), false,
                    "etab-etab", null, 0);
            assertThat(service.run(Caller.INTERNAL, open, ProgressListener.NONE).restricted()).isFalse();
        }
    }
}
