package fr.geoeduc.server.explore;

import fr.geoeduc.core.access.QuotaLedger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Daily call quotas, reset at midnight UTC: per client address for anonymous callers, per <em>client</em> otherwise,
 * whatever credential it presents (its API key or an OAuth2 token of the same client draw on one quota). Counts are
 * kept in the store ({@link QuotaLedger}): a restart does not reset them and every server process on the store shares
 * them. Each process counts in memory and adds its calls to the store at most a second later ({@link #flush()}), so two
 * processes may together let through one second's worth of calls beyond a limit; nothing is written per request.
 */
public final class Quotas implements AutoCloseable {

    /** The state of the caller's quota after this call. */
    public record Decision(boolean allowed, long limit, long remaining, long resetEpochSecond, boolean anonymous) {
    }

    /** Who is counted for a credential, and its daily limit. */
    public record Account(String counter, long dailyLimit) {
    }

    /** One counter of today: what the store held at the last flush, and the calls of this process not yet added to it. */
    private static final class Counter {
        final LocalDate day;
        volatile long stored;
        final AtomicLong pending = new AtomicLong();

        Counter(LocalDate day, long stored) {
            this.day = day;
            this.stored = stored;
        }
    }

    private static final long FLUSH_EVERY_MILLIS = 1000;
    private final QuotaSettings settings;
    private final Function<String, Optional<Account>> accounts;
    private final QuotaLedger ledger;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Thread flusher;
    private volatile boolean closed;

    /** In memory only (tests of the HTTP shape): nothing shared, nothing kept. */
    public Quotas(QuotaSettings settings) {
        this(settings, key -> Optional.empty(), null);
    }

    /**
     * @param accounts the client a credential belongs to (an API key, or {@code client:ID} for an OAuth2 token), as
     *                 {@code client:ID} with its daily limit; empty for an unknown or revoked credential
     * @param ledger   where counts are kept and shared; null keeps them in this process only
     */
    public Quotas(QuotaSettings settings, Function<String, Optional<Account>> accounts, QuotaLedger ledger) {
        this.settings = settings;
        this.accounts = accounts;
        this.ledger = ledger;
        this.flusher = ledger == null ? null : Thread.ofPlatform().daemon().name("geoeduc-quotas").start(this::flushLoop);
    }

    /**
     * Counts one call of {@code credential} (an API key, {@code client:ID}, or null for an anonymous caller at
     * {@code address}); empty, and nothing counted, when the credential is unknown or revoked. The credential is
     * resolved once.
     */
    public Optional<Decision> count(String address, String credential) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long reset = today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).getEpochSecond();
        boolean anonymous = credential == null;
        Account account = anonymous ? new Account("ip:" + address, settings.anonymousPerDay())
                : settings.keys().containsKey(credential) ? new Account("key:" + credential, settings.keys().get(credential))
                : accounts.apply(credential).orElse(null);
        if (account == null) {
            return Optional.empty();
        }
        Counter c = counters.get(account.counter());
        if (c == null || !c.day.equals(today)) {
            Counter fresh = new Counter(today, ledger == null ? 0 : ledger.used(account.counter(), today));
            c = counters.compute(account.counter(), (k, old) -> old == null || !old.day.equals(today) ? fresh : old);
        }
        long used = c.stored + c.pending.incrementAndGet();
        return Optional.of(new Decision(used <= account.dailyLimit(), account.dailyLimit(), Math.max(0, account.dailyLimit() - used), reset,
                anonymous));
    }

    /** Adds this process's pending calls to the store and reads back every counter's shared total. */
    public synchronized void flush() {
        if (ledger == null) {
            return;
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Map<String, Long> calls = new HashMap<>();
        Map<String, Counter> taken = new HashMap<>();
        counters.forEach((name, c) -> {
            if (!c.day.equals(today)) {
                counters.remove(name, c);
            }
            long n = c.pending.getAndSet(0);
            if (n > 0 && c.day.equals(today)) {
                calls.put(name, n);
                taken.put(name, c);
            }
        });
        if (calls.isEmpty()) {
            return;
        }
        try {
            Map<String, Long> totals = ledger.add(today, calls);
            taken.forEach((name, c) -> c.stored = totals.getOrDefault(name, c.stored + calls.get(name)));
        } catch (RuntimeException e) {
            taken.forEach((name, c) -> c.pending.addAndGet(calls.get(name))); // nothing lost: added at the next flush
            throw e;
        }
    }

    private void flushLoop() {
        while (!closed) {
            try {
                Thread.sleep(FLUSH_EVERY_MILLIS);
                flush();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Quotas.class).warn("quota counts not saved yet (retried in a second): {}", e.getMessage());
            }
        }
    }

    /** Saves what is pending and stops the background flush. */
    @Override
    public void close() {
        closed = true;
        if (flusher != null) {
            flusher.interrupt();
        }
        try {
            flush();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Quotas.class).warn("quota counts of the last second not saved: {}", e.getMessage());
        }
    }

    public static String resetTime(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).toString();
    }
}
