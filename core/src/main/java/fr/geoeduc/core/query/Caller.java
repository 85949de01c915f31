package fr.geoeduc.core.query;

/**
 * Who is asking: the client address and, when given, the API key. The policy decides from it what the caller
 * sees (open data only for now; conventions will widen it).
 */
public record Caller(String address, String apiKey) {

    public static final Caller INTERNAL = new Caller("internal", null);

    public boolean anonymous() {
        return apiKey == null;
    }
}
