package fr.geoeduc.core.access;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHashesTest {

    @Test
    void argon2idHashesAreSaltedAndCheckedAndEarlierPbkdf2HashesStillMatch() {
        String hash = PasswordHashes.hash("correct horse battery staple");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(PasswordHashes.hash("correct horse battery staple")).as("salted").isNotEqualTo(hash);
        assertThat(PasswordHashes.matches("correct horse battery staple", hash)).isTrue();
        assertThat(PasswordHashes.matches("correct horse battery stapler", hash)).isFalse();
        assertThat(PasswordHashes.matches("correct horse battery staple", hash.substring(0, hash.length() - 2) + "AA")).isFalse();
        assertThat(PasswordHashes.matches(null, hash)).isFalse();
        assertThat(PasswordHashes.matches("x", "nonsense")).isFalse();
        assertThat(PasswordHashes.outdated(hash)).isFalse();

        String legacy = Secrets.kdf("correct horse battery staple");
        assertThat(PasswordHashes.matches("correct horse battery staple", legacy)).isTrue();
        assertThat(PasswordHashes.matches("wrong horse battery staple", legacy)).isFalse();
        assertThat(PasswordHashes.outdated(legacy)).isTrue();
        assertThat(PasswordHashes.outdated(hash.replace("m=19456", "m=4096"))).isTrue();
    }
}
