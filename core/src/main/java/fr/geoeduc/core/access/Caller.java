package fr.geoeduc.core.access;

/**
 * Who is asking: the client address and, when authenticated, the API client (from an API key or an OAuth2
 * token) or the person signed in on the web pages (a session of a {@link User}). The policy decides from it what the
 * caller sees: open data for everyone, restricted data only under an active convention of the client's or the
 * person's organisation.
 */
public record Caller(String address, String apiKey, String clientId, String userId) {

    public static final Caller INTERNAL = new Caller("internal", null, null, null);

    public Caller(String address, String apiKey, String clientId) {
        this(address, apiKey, clientId, null);
    }

    public Caller(String address, String apiKey) {
        this(address, apiKey, null, null);
    }

    /** A person signed in on the web pages, with no other credential. */
    public static Caller person(String address, String userId) {
        return new Caller(address, null, null, userId);
    }

    public boolean anonymous() {
        return apiKey == null && clientId == null && userId == null;
    }
}
