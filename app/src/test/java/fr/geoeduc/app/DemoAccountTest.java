package fr.geoeduc.app;

import fr.geoeduc.core.access.Role;
import fr.geoeduc.core.access.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline demo, as the README has a first-day user run it, prints an account to sign in with (every role), its
 * password once; a second run names the account without its password.
 */
class DemoAccountTest {

    @TempDir
    Path data;

    @Test
    void theDemoPrintsAnAccountThatSignsInWithEveryRoleAndItsPasswordOnlyOnce() {
        CliRun first = CliRun.in(data, "demo", "--offline", "--no-serve");
        assertThat(first.code()).as(first.err()).isZero();
        Matcher m = Pattern.compile(Pattern.quote(DemoAccount.LOGIN) + " — mot de passe / password: (\\S+)").matcher(first.out());
        assertThat(m.find()).as(first.out()).isTrue();
        String password = m.group(1);
        try (Platform platform = Platform.open(data)) {
            User admin = platform.access().users().authenticate(DemoAccount.LOGIN, password).orElseThrow();
            assertThat(admin.roles()).contains(Role.PLATFORM_ADMIN, Role.CONVENTION_MANAGER, Role.PRODUCER, Role.CONSUMER);
            assertThat(platform.access().registry().organisations()).anySatisfy(o -> assertThat(o.id()).isEqualTo(DemoAccount.ORGANISATION));
        }
        CliRun second = CliRun.in(data, "demo", "--offline", "--no-serve");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains(DemoAccount.LOGIN).doesNotContain(password);
    }
}
