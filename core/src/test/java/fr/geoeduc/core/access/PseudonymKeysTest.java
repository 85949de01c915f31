package fr.geoeduc.core.access;

import fr.geoeduc.core.privacy.PseudonymCorrespondence;
import fr.geoeduc.core.query.AccessServices;
import fr.geoeduc.core.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pseudonyms: 26 base32 characters (128 bits of the HMAC) under keys created now, the 64 hex digits of the whole HMAC
 * under the 32-byte keys of conventions created before, until a rotation moves them to the short form.
 */
class PseudonymKeysTest {

    @TempDir
    Path data;

    static byte[] hmac(byte[] key, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Base32 computed another way: the 128 bits as a number, shifted to 130 bits, written in radix 32. */
    static String base32Of128(byte[] h) {
        BigInteger n = new BigInteger(1, Arrays.copyOf(h, 16)).shiftLeft(2);
        String radix32 = String.format("%26s", n.toString(32)).replace(' ', '0'); // digits 0-9a-v
        StringBuilder out = new StringBuilder();
        for (char c : radix32.toCharArray()) {
            int v = Character.digit(c, 32);
            out.append("abcdefghijklmnopqrstuvwxyz234567".charAt(v));
        }
        return out.toString();
    }

    @Test
    void freshKeysGiveTwentySixBase32CharactersOfTheHmacOfTheNormalisedIdentifier() throws Exception {
        byte[] key = PseudonymKeys.fresh();
        assertThat(key).hasSize(PseudonymKeys.KEY_BYTES);
        String p = PseudonymKeys.of(key).pseudonym(" 1234567890a ");
        assertThat(p).hasSize(26).matches("[a-z2-7]{26}").isEqualTo(base32Of128(hmac(key, "1234567890A")));
        assertThat(PseudonymKeys.of(key).pseudonym(null)).isNull();
        Set<String> seen = new HashSet<>();
        PseudonymKeys keys = PseudonymKeys.of(key);
        for (int i = 0; i < 20_000; i++) {
            String q = keys.pseudonym(String.format("%010dA", i));
            assertThat(q).hasSize(26);
            seen.add(q);
        }
        assertThat(seen).as("no collision").hasSize(20_000);
        assertThat(PseudonymKeys.of(PseudonymKeys.fresh()).pseudonym("1234567890A")).as("another key, another pseudonym").isNotEqualTo(p);
    }

    @Test
    void keysOfEarlierVersionsKeepTheirSixtyFourHexDigits() throws Exception {
        byte[] legacy = new byte[PseudonymKeys.LEGACY_KEY_BYTES];
        legacy[3] = 7;
        assertThat(PseudonymKeys.of(legacy).pseudonym("1234567890a")).isEqualTo(HexFormat.of().formatHex(hmac(legacy, "1234567890A")));
    }

    @Test
    void aConventionCreatedBeforeKeepsItsPseudonymsUntilARotationGivesItShortOnes() throws Exception {
        byte[] clear = new byte[PseudonymKeys.LEGACY_KEY_BYTES];
        clear[0] = 42;
        try (SqliteStore store = SqliteStore.open(data); AccessServices access = AccessServices.open(store, data, Clock.systemUTC())) {
            access.registry().saveOrganisation(new Organisation("rectorat", "R", null, Organisation.Kind.ACADEMIE, List.of()));
            access.registry().saveOrganisation(new Organisation("ville", "V", null, Organisation.Kind.COMMUNE, List.of()));
            access.registry().saveConvention(KeysAtRestTest.convention("conv-nouvelle"));
            assertThat(PseudonymCorrespondence.pseudonym(access.registry().pseudonymKey("conv-nouvelle"), "1234567890A")).hasSize(26);
            access.registry().saveConvention(KeysAtRestTest.convention("conv-ancienne"));
            try (Connection c = store.connection(); Statement st = c.createStatement()) { // a key written by an earlier version
                st.executeUpdate("UPDATE convention SET secret_key = '" + Base64.getEncoder().encodeToString(clear) + "' WHERE id = 'conv-ancienne'");
            }
        }
        try (SqliteStore store = SqliteStore.open(data); AccessServices access = AccessServices.open(store, data, Clock.systemUTC())) {
            byte[] before = access.registry().pseudonymKey("conv-ancienne");
            assertThat(PseudonymCorrespondence.pseudonym(before, "1234567890A")).as("unchanged for its recipient")
                    .isEqualTo(HexFormat.of().formatHex(hmac(clear, "1234567890A")));
            AccessRegistry.RotatedKey rotated = access.registry().rotateKey("conv-ancienne", k -> { });
            assertThat(PseudonymCorrespondence.pseudonym(rotated.previous(), "1234567890A")).hasSize(64);
            assertThat(PseudonymCorrespondence.pseudonym(access.registry().pseudonymKey("conv-ancienne"), "1234567890A")).hasSize(26);
        }
    }
}
