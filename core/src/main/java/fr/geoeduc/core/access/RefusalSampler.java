package fr.geoeduc.core.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which anonymous requests for a restricted dataset go to the audit log: the first from an address for a
 * dataset, then at most one a minute, so that a caller hammering a restricted id cannot flood the log (each logged
 * entry says how many were not). Bounded: when the table is full, expired keys are dropped, and if it stays full
 * nothing more is sampled until they expire.
 */
public final class RefusalSampler {

    private record Seen(Instant since, long skipped) {
    }

    static final int MAX_TRACKED = 50_000;
    private final ConcurrentHashMap<String, Seen> seen = new ConcurrentHashMap<>();
    private final Duration every;
    private final Clock clock;

    public RefusalSampler(Duration every, Clock clock) {
        this.every = every;
        this.clock = clock;
    }

    /** -1 when this request is not to be logged, else how many requests of the same key were skipped since the last logged one. */
    public long sample(String address, String dataset) {
        Instant now = clock.instant();
        String key = address + "|" + dataset;
        if (!seen.containsKey(key) && seen.size() >= MAX_TRACKED) {
            seen.values().removeIf(s -> !s.since().plus(every).isAfter(now));
            if (seen.size() >= MAX_TRACKED) {
                return -1;
            }
        }
        long[] out = {-1};
        seen.compute(key, (k, s) -> {
            if (s == null || !s.since().plus(every).isAfter(now)) {
                out[0] = s == null ? 0 : s.skipped();
                return new Seen(now, 0);
            }
            return new Seen(s.since(), s.skipped() + 1);
        });
        return out[0];
    }
}
