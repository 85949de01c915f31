package fr.geoeduc.core.access;

/**
 * Who is asking: the client address and, when authenticated, the API client (from an API key or an OAuth2
 * token). The policy decides from it what the caller sees: open data for everyone, restricted data only under
 * an active convention of the client's organisation.
 */
public record Caller(String address, String apiKey, String clientId) {

    public static final Caller INTERNAL = new Caller("internal", null, null);

    public Caller(String address, String apiKey) {
        this(address, apiKey, null);
    }

    public boolean anonymous() {
        return apiKey == null && clientId == null;
    }
}
