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
            assertThat(t.attempt(i == 0 ? "Marie@Rennes.fr" : "marie@rennes.fr ", "10.0.0.1")).isEmpty(); // each fails
        }
        assertThat(t.attempt("marie@rennes.fr", "10.0.0.2")).as("the login is blocked from any address")
                .hasValueSatisfying(d -> assertThat(d).isEqualTo(Duration.ofMinutes(15)));
        assertThat(t.attempt("paul@rennes.fr", "10.0.0.1")).isEmpty();
        clock.now = clock.now.plus(Duration.ofMinutes(15));
        assertThat(t.attempt("marie@rennes.fr", "10.0.0.1")).as("a new window").isEmpty();
    }

    @Test
    void blocksAnAddressThatTriesManyLoginsAndASuccessDoesNotClearIt() {
        SignInThrottle t = new SignInThrottle(100, 4, Duration.ofMinutes(15), new ManualClock());
        for (int i = 0; i < 4; i++) {
            assertThat(t.attempt("user" + i + "@x.fr", "10.0.0.9")).isEmpty();
        }
        assertThat(t.attempt("another@x.fr", "10.0.0.9")).isPresent();
        assertThat(t.attempt("another@x.fr", "10.0.0.8")).isEmpty();
    }

    @Test
    void aSuccessGivesItsReservationBackAndClearsTheLoginsCount() {
        SignInThrottle t = new SignInThrottle(2, 2, Duration.ofMinutes(15), new ManualClock());
        assertThat(t.attempt("a@x.fr", "1.1.1.1")).isEmpty(); // fails
        assertThat(t.attempt("a@x.fr", "1.1.1.1")).isEmpty();
        t.succeeded("a@x.fr", "1.1.1.1");
        assertThat(t.attempt("a@x.fr", "1.1.1.1")).as("one failure left on the address, none on the login").isEmpty();
        assertThat(t.attempt("b@x.fr", "1.1.1.1")).as("the address has now used its two").isPresent();
    }

    @Test
    void parallelAttemptsCannotExceedTheLimit() throws Exception {
        SignInThrottle t = new SignInThrottle(10, 1000, Duration.ofMinutes(15), new ManualClock());
        java.util.concurrent.atomic.AtomicInteger allowed = new java.util.concurrent.atomic.AtomicInteger();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 500; i++) {
                pool.submit(() -> {
                    if (t.attempt("victim@x.fr", "10.1.1.1").isEmpty()) {
                        allowed.incrementAndGet();
                    }
                });
            }
        }
        assertThat(allowed.get()).isEqualTo(10);
    }

    @Test
    void aFullTableRefusesNewCallersButNeverForgetsALoginsFailures() {
        ManualClock clock = new ManualClock();
        SignInThrottle t = new SignInThrottle(10, 50, Duration.ofMinutes(15), clock);
        for (int i = 0; i < 9; i++) {
            t.attempt("victim@x.fr", "10.9.9." + i);
        }
        for (int i = 0; t.attempt("login" + i + "@x.fr", "2001:db8::" + Integer.toHexString(i)).isEmpty(); i++) {
            // fill the table from many addresses and logins
        }
        assertThat(t.attempt("newcomer@x.fr", "192.0.2.1")).as("full of live counts: refused").isPresent();
        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertThat(t.attempt("victim@x.fr", "10.9.9.100")).as("expired windows are dropped when full").isEmpty();
    }
}
