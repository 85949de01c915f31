package fr.geoeduc.server.admin;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void blocksALoginAfterItsLimitUntilTheWindowEnds() {
        ManualClock clock = new ManualClock();
        SignInThrottle t = new SignInThrottle(3, 100, Duration.ofMinutes(15), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(t.blocked("Marie@Rennes.fr", "10.0.0.1")).isEmpty();
            t.failed("marie@rennes.fr ", "10.0.0.1");
        }
        assertThat(t.blocked("marie@rennes.fr", "10.0.0.2")).as("the login is blocked from any address")
                .hasValueSatisfying(d -> assertThat(d).isEqualTo(Duration.ofMinutes(15)));
        assertThat(t.blocked("paul@rennes.fr", "10.0.0.1")).isEmpty();
        clock.now = clock.now.plus(Duration.ofMinutes(15));
        assertThat(t.blocked("marie@rennes.fr", "10.0.0.1")).as("a new window").isEmpty();
    }

    @Test
    void blocksAnAddressThatTriesManyLoginsAndASuccessDoesNotClearIt() {
        SignInThrottle t = new SignInThrottle(100, 4, Duration.ofMinutes(15), new ManualClock());
        for (int i = 0; i < 4; i++) {
            t.failed("user" + i + "@x.fr", "10.0.0.9");
        }
        t.succeeded("user0@x.fr");
        assertThat(t.blocked("another@x.fr", "10.0.0.9")).isPresent();
        assertThat(t.blocked("another@x.fr", "10.0.0.8")).isEmpty();
    }

    @Test
    void aSuccessClearsTheLoginsCount() {
        SignInThrottle t = new SignInThrottle(2, 100, Duration.ofMinutes(15), new ManualClock());
        t.failed("a@x.fr", "1.1.1.1");
        t.succeeded("a@x.fr");
        t.failed("a@x.fr", "1.1.1.1");
        assertThat(t.blocked("a@x.fr", "1.1.1.1")).isEmpty();
    }
}
