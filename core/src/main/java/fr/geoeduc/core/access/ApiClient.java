package fr.geoeduc.core.access;

import java.time.Instant;

/** A machine client of an organisation: an API key (stored as its SHA-256) and optionally an OAuth2 secret. */
public record ApiClient(String id, String organisation, String label, long dailyLimit, Instant createdAt, Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
