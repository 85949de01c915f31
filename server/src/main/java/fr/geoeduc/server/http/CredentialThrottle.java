package fr.geoeduc.server.http;

import fr.geoeduc.core.access.Secrets;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Slows down guessing of a secret (a person's password, a client's secret) before it is hashed: back-off per
 * (identity, address), so that failures from one address never lock the identity out for another address, and per
 * address, so that one address cannot spread its guesses over many identities or load the server with hashing.
 * Identities are kept hashed (bounded key size whatever the caller sends).
 */
public final class CredentialThrottle {

    private final FailureThrottle perPair;
    private final FailureThrottle perAddress;

    public CredentialThrottle(int freePerPair, int freePerAddress, Duration firstWait, Duration maxWait, Clock clock) {
        this.perPair = new FailureThrottle(freePerPair, firstWait, maxWait, maxWait, clock);
        this.perAddress = new FailureThrottle(freePerAddress, firstWait, maxWait, maxWait, clock);
    }

    /** 10 failures per (identity, address) and 50 per address before the back-off, from 1 s up to 15 min. */
    public static CredentialThrottle standard() {
        return new CredentialThrottle(10, 50, Duration.ofSeconds(1), Duration.ofMinutes(15), Clock.systemUTC());
    }

    /** Reserves one attempt; empty when allowed (then call {@link #succeeded} or leave it as a failure), else how long to wait. */
    public Optional<Duration> attempt(String identity, String address) {
        String pair = pair(identity, address);
        Optional<Duration> byPair = perPair.attempt(pair);
        if (byPair.isPresent()) {
            return byPair;
        }
        Optional<Duration> byAddress = perAddress.attempt(address);
        if (byAddress.isPresent()) {
            perPair.release(pair);
        }
        return byAddress;
    }

    /** The attempt succeeded: the pair's failures are cleared and the address gets its reservation back. */
    public void succeeded(String identity, String address) {
        perPair.succeeded(pair(identity, address));
        perAddress.release(address);
    }

    private static String pair(String identity, String address) {
        String normalised = identity == null ? "" : identity.strip().toLowerCase(Locale.ROOT);
        return Secrets.sha256(normalised).substring(0, 32) + "|" + address;
    }
}
