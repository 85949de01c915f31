package fr.geoeduc.server.explore;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Daily call quotas, reset at midnight UTC: per client address for anonymous callers, per API key otherwise.
 * Keys and their limits come from the configuration ({@link QuotaSettings}); an unknown key is refused.
 */
public final class Quotas {

    /** The state of the caller's quota after this call. */
    public record Decision(boolean allowed, long limit, long remaining, long resetEpochSecond, boolean anonymous) {
    }

    private final QuotaSettings settings;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private volatile LocalDate day = LocalDate.now(ZoneOffset.UTC);

    private final java.util.function.Function<String, java.util.Optional<Long>> registeredKeys;

    public Quotas(QuotaSettings settings) {
        this(settings, key -> java.util.Optional.empty());
    }

    /** @param registeredKeys the daily limit of a key (or of "client:ID" for OAuth2 clients) known to the registry */
    public Quotas(QuotaSettings settings, java.util.function.Function<String, java.util.Optional<Long>> registeredKeys) {
        this.settings = settings;
        this.registeredKeys = registeredKeys;
    }

    public boolean knownKey(String key) {
        return settings.keys().containsKey(key) || registeredKeys.apply(key).isPresent();
    }

    public Decision count(String address, String apiKey) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (!today.equals(day)) {
            synchronized (this) {
                if (!today.equals(day)) {
                    counters.clear();
                    day = today;
                }
            }
        }
        long reset = today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).getEpochSecond();
        boolean anonymous = apiKey == null;
        long limit = anonymous ? settings.anonymousPerDay()
                : settings.keys().containsKey(apiKey) ? settings.keys().get(apiKey) : registeredKeys.apply(apiKey).orElse(0L);
        String counter = anonymous ? "ip:" + address : "key:" + apiKey;
        long used = counters.computeIfAbsent(counter, k -> new AtomicLong()).incrementAndGet();
        return new Decision(used <= limit, limit, Math.max(0, limit - used), reset, anonymous);
    }

    public static String resetTime(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).toString();
    }
}
