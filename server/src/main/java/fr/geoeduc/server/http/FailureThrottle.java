package fr.geoeduc.server.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed attempts per key and, once {@code free} have failed, makes the key wait before each further attempt:
 * {@code firstWait}, then twice as long after each new failure, up to {@code maxWait} (exponential back-off rather than
 * a hard lock). An attempt is reserved before the secret is checked, so that parallel requests cannot all pass; a
 * success clears the key, {@link #release} gives one reservation back. A key quiet for {@code forgetAfter} after its
 * last wait is forgotten. The table is bounded: when full of live keys, new keys are refused rather than old ones
 * forgotten (forgetting would hand a guesser fresh attempts).
 */
public final class FailureThrottle {

    private record Failures(int count, Instant blockedUntil, Instant last) {
    }

    static final int MAX_TRACKED = 200_000;
    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();
    private final int free;
    private final Duration firstWait;
    private final Duration maxWait;
    private final Duration forgetAfter;
    private final Clock clock;
    private volatile Instant lastShrink = Instant.EPOCH;

    public FailureThrottle(int free, Duration firstWait, Duration maxWait, Duration forgetAfter, Clock clock) {
        this.free = free;
        this.firstWait = firstWait;
        this.maxWait = maxWait;
        this.forgetAfter = forgetAfter;
        this.clock = clock;
    }

    /** Reserves one attempt for {@code key}: empty when it may go on (then {@link #succeeded} or leave it failed), else how long to wait. */
    public Optional<Duration> attempt(String key) {
        Instant now = clock.instant();
        if (!failures.containsKey(key) && failures.size() >= MAX_TRACKED) {
            shrink(now);
            if (failures.size() >= MAX_TRACKED) {
                return Optional.of(maxWait);
            }
        }
        Duration[] wait = new Duration[1];
        failures.compute(key, (k, f) -> {
            if (f != null && forgotten(f, now)) {
                f = null;
            }
            if (f != null && f.blockedUntil() != null && f.blockedUntil().isAfter(now)) {
                wait[0] = Duration.between(now, f.blockedUntil());
                return f;
            }
            int count = f == null ? 1 : f.count() + 1;
            return new Failures(count, count >= free ? now.plus(backOff(count - free)) : null, now);
        });
        return Optional.ofNullable(wait[0]);
    }

    /** The attempt succeeded: the key's failures are cleared. */
    public void succeeded(String key) {
        failures.remove(key);
    }

    /** Gives back one reservation (an attempt that was neither a failure nor a success of this key). */
    public void release(String key) {
        failures.computeIfPresent(key, (k, f) -> f.count() <= 1 ? null
                : new Failures(f.count() - 1, f.count() - 1 >= free ? f.blockedUntil() : null, f.last()));
    }

    private Duration backOff(int beyond) {
        Duration d = firstWait;
        for (int i = 0; i < beyond && d.compareTo(maxWait) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxWait) > 0 ? maxWait : d;
    }

    private boolean forgotten(Failures f, Instant now) {
        Instant from = f.blockedUntil() != null && f.blockedUntil().isAfter(f.last()) ? f.blockedUntil() : f.last();
        return !from.plus(forgetAfter).isAfter(now);
    }

    private void shrink(Instant now) {
        if (now.isBefore(lastShrink.plusSeconds(1))) {
            return; // at most one scan a second, however many callers arrive while the table is full
        }
        lastShrink = now;
        failures.values().removeIf(f -> forgotten(f, now));
    }
}
