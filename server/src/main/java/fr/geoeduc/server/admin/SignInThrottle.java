package fr.geoeduc.server.admin;

import fr.geoeduc.core.access.Secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing on the sign-in route: at most {@code perLogin} attempts that fail for one login, and
 * {@code perAddress} from one address, within a window. Each attempt is reserved before the password is hashed, so
 * that parallel requests cannot all pass the check; a successful sign-in gives its reservation back and clears the
 * login's count. Logins are kept hashed (a bounded key size whatever the caller sends), and the table is bounded.
 */
final class SignInThrottle {

    private record Failures(Instant windowStart, int count) {
    }

    static final int MAX_TRACKED = 200_000;
    private Instant lastShrink;
    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();
    private final int perLogin;
    private final int perAddress;
    private final Duration window;
    private final Clock clock;

    SignInThrottle(int perLogin, int perAddress, Duration window, Clock clock) {
        this.perLogin = perLogin;
        this.perAddress = perAddress;
        this.window = window;
        this.clock = clock;
    }

    static SignInThrottle standard() {
        return new SignInThrottle(10, 50, Duration.ofMinutes(15), Clock.systemUTC());
    }

    /**
     * Reserves one attempt for the login and the address; empty when allowed (then call {@link #succeeded} or leave
     * the reservation as a failure), else how long to wait.
     */
    Optional<Duration> attempt(String login, String address) {
        Instant now = clock.instant();
        String loginKey = loginKey(login);
        String addressKey = "ip:" + address;
        Optional<Duration> byLogin = reserve(loginKey, perLogin, now);
        if (byLogin.isPresent()) {
            return byLogin;
        }
        Optional<Duration> byAddress = reserve(addressKey, perAddress, now);
        if (byAddress.isPresent()) {
            release(loginKey);
            return byAddress;
        }
        return Optional.empty();
    }

    /** The attempt succeeded: the address gets its reservation back and the login's count is cleared. */
    void succeeded(String login, String address) {
        failures.remove(loginKey(login));
        release("ip:" + address);
    }

    private Optional<Duration> reserve(String key, int limit, Instant now) {
        if (!failures.containsKey(key) && failures.size() >= MAX_TRACKED) {
            shrink(now);
            if (failures.size() >= MAX_TRACKED) {
                return Optional.of(window); // full of live counts: refuse new callers rather than forget anyone's
            }
        }
        Duration[] wait = new Duration[1];
        failures.compute(key, (k, f) -> {
            if (f == null || !f.windowStart().plus(window).isAfter(now)) {
                return new Failures(now, 1);
            }
            if (f.count() >= limit) {
                wait[0] = Duration.between(now, f.windowStart().plus(window));
                return f;
            }
            return new Failures(f.windowStart(), f.count() + 1);
        });
        return Optional.ofNullable(wait[0]);
    }

    private void release(String key) {
        failures.computeIfPresent(key, (k, f) -> f.count() <= 1 ? null : new Failures(f.windowStart(), f.count() - 1));
    }

    /**
     * Drops expired windows; if the table is still full, drops the addresses' counts that block nobody yet (a login's
     * count is never dropped inside its window: that would give its guesser fresh attempts).
     */
    private synchronized void shrink(Instant now) {
        if (lastShrink != null && now.isBefore(lastShrink.plusSeconds(1))) {
            return; // at most one scan a second, however many callers arrive while the table is full
        }
        lastShrink = now;
        failures.values().removeIf(f -> !f.windowStart().plus(window).isAfter(now));
        if (failures.size() >= MAX_TRACKED) {
            failures.entrySet().removeIf(e -> e.getKey().startsWith("ip:") && e.getValue().count() < perAddress);
        }
    }

    private static String loginKey(String login) {
        String normalised = login == null ? "" : login.strip().toLowerCase(java.util.Locale.ROOT);
        return "login:" + Secrets.sha256(normalised).substring(0, 32);
    }
}
