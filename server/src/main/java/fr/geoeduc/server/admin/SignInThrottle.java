package fr.geoeduc.server.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing on the sign-in route: after too many failed attempts for one login, or from one
 * address, within a window, further attempts are refused without hashing the password until the window ends. A
 * successful sign-in clears the login's count (not the address's, so that one good account does not open the door
 * to guessing others).
 */
final class SignInThrottle {

    private record Failures(Instant windowStart, int count) {
    }

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

    /** How long the caller must wait before trying again, if they are over a limit now. */
    Optional<Duration> blocked(String login, String address) {
        Instant now = clock.instant();
        Optional<Duration> byLogin = over("login:" + normalise(login), perLogin, now);
        return byLogin.isPresent() ? byLogin : over("ip:" + address, perAddress, now);
    }

    void failed(String login, String address) {
        Instant now = clock.instant();
        count("login:" + normalise(login), now);
        count("ip:" + address, now);
        if (failures.size() > 100_000) {
            failures.values().removeIf(f -> !f.windowStart().plus(window).isAfter(now));
        }
    }

    void succeeded(String login) {
        failures.remove("login:" + normalise(login));
    }

    private Optional<Duration> over(String key, int limit, Instant now) {
        Failures f = failures.get(key);
        if (f == null || f.count() < limit) {
            return Optional.empty();
        }
        Instant end = f.windowStart().plus(window);
        return end.isAfter(now) ? Optional.of(Duration.between(now, end)) : Optional.empty();
    }

    private void count(String key, Instant now) {
        failures.compute(key, (k, f) -> f == null || !f.windowStart().plus(window).isAfter(now)
                ? new Failures(now, 1) : new Failures(f.windowStart(), f.count() + 1));
    }

    private static String normalise(String login) {
        return login == null ? "" : login.strip().toLowerCase(java.util.Locale.ROOT);
    }
}
