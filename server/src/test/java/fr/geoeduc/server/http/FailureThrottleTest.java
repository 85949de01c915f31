package fr.geoeduc.server.http;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class FailureThrottleTest {

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

        void plus(Duration d) {
            now = now.plus(d);
        }
    }

    @Test
    void backsOffExponentiallyAfterTheFreeFailuresInsteadOfLockingHard() {
        ManualClock clock = new ManualClock();
        FailureThrottle t = new FailureThrottle(3, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofMinutes(15), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(t.attempt("k")).isEmpty(); // each fails
        }
        assertThat(t.attempt("k")).hasValue(Duration.ofSeconds(1));
        clock.plus(Duration.ofSeconds(1));
        assertThat(t.attempt("k")).as("one more try after the wait").isEmpty();
        assertThat(t.attempt("k")).hasValue(Duration.ofSeconds(2));
        clock.plus(Duration.ofSeconds(2));
        assertThat(t.attempt("k")).isEmpty();
        assertThat(t.attempt("k")).hasValue(Duration.ofSeconds(4));
        for (int i = 0; i < 20; i++) {
            clock.plus(Duration.ofMinutes(15));
            t.attempt("k");
        }
        assertThat(t.attempt("k")).as("capped").hasValue(Duration.ofMinutes(15));
        t.succeeded("k");
        assertThat(t.attempt("k")).as("a success clears the key").isEmpty();
    }

    @Test
    void aQuietKeyIsForgotten() {
        ManualClock clock = new ManualClock();
        FailureThrottle t = new FailureThrottle(2, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofMinutes(15), clock);
        t.attempt("k");
        t.attempt("k");
        assertThat(t.attempt("k")).isPresent();
        clock.plus(Duration.ofMinutes(16));
        assertThat(t.attempt("k")).isEmpty();
        assertThat(t.attempt("k")).as("counting again from zero: the second failure of a fresh count is free").isEmpty();
    }

    @Test
    void parallelAttemptsCannotExceedTheFreeFailures() {
        FailureThrottle t = new FailureThrottle(10, Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofMinutes(15), new ManualClock());
        AtomicInteger allowed = new AtomicInteger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 500; i++) {
                pool.submit(() -> {
                    if (t.attempt("victim").isEmpty()) {
                        allowed.incrementAndGet();
                    }
                });
            }
        }
        assertThat(allowed.get()).isEqualTo(10);
    }

    @Test
    void failuresFromOneAddressNeverLockTheIdentityOutForAnother() {
        CredentialThrottle t = new CredentialThrottle(3, 100, Duration.ofSeconds(1), Duration.ofMinutes(15), new ManualClock());
        for (int i = 0; i < 3; i++) {
            assertThat(t.attempt(i == 0 ? "Marie@Rennes.fr" : "marie@rennes.fr ", "10.0.0.1")).isEmpty();
        }
        assertThat(t.attempt("marie@rennes.fr", "10.0.0.1")).as("the guesser waits").isPresent();
        assertThat(t.attempt("marie@rennes.fr", "10.0.0.2")).as("the real user, elsewhere, does not").isEmpty();
    }

    @Test
    void anAddressSprayingManyIdentitiesIsSlowedAndASuccessGivesItsReservationBack() {
        CredentialThrottle t = new CredentialThrottle(100, 4, Duration.ofSeconds(1), Duration.ofMinutes(15), new ManualClock());
        assertThat(t.attempt("ok@x.fr", "10.0.0.9")).isEmpty();
        t.succeeded("ok@x.fr", "10.0.0.9");
        for (int i = 0; i < 4; i++) {
            assertThat(t.attempt("user" + i + "@x.fr", "10.0.0.9")).isEmpty();
        }
        assertThat(t.attempt("another@x.fr", "10.0.0.9")).isPresent();
        assertThat(t.attempt("another@x.fr", "10.0.0.8")).isEmpty();
    }
}
