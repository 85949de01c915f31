package fr.geoeduc.server.explore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Quota configuration: calls per day for anonymous callers (per address) and, per API key, its own daily limit.
 * From the environment: {@code GEOEDUC_QUOTA_ANONYMOUS} (default 100000) and
 * {@code GEOEDUC_API_KEYS=key1:50000,key2:1000000}.
 */
public record QuotaSettings(long anonymousPerDay, Map<String, Long> keys) {

    public static final long DEFAULT_ANONYMOUS = 100_000;

    public QuotaSettings {
        keys = Map.copyOf(keys);
    }

    public static QuotaSettings fromEnvironment() {
        return parse(System.getenv("GEOEDUC_QUOTA_ANONYMOUS"), System.getenv("GEOEDUC_API_KEYS"));
    }

    static QuotaSettings parse(String anonymous, String keys) {
        long anon = DEFAULT_ANONYMOUS;
        if (anonymous != null && !anonymous.isBlank()) {
            try {
                anon = Long.parseLong(anonymous.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("GEOEDUC_QUOTA_ANONYMOUS must be a number of calls per day, not '" + anonymous + "'");
            }
        }
        Map<String, Long> map = new LinkedHashMap<>();
        if (keys != null && !keys.isBlank()) {
            for (String entry : keys.split(",")) {
                String[] kv = entry.strip().split(":");
                if (kv.length != 2 || kv[0].isBlank()) {
                    throw new IllegalArgumentException("GEOEDUC_API_KEYS entries are key:callsPerDay, not '" + entry + "'");
                }
                try {
                    map.put(kv[0].strip(), Long.parseLong(kv[1].strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("GEOEDUC_API_KEYS: '" + kv[1] + "' is not a number of calls per day");
                }
            }
        }
        return new QuotaSettings(anon, map);
    }
}
