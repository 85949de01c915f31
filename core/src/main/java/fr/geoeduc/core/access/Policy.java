package fr.geoeduc.core.access;


import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a caller into what it may see: the scopes of the active conventions (today within their dates) of which
 * its organisation is a recipient. Derived again whenever the registry changed (see {@link AccessRegistry#stamp()})
 * or the day did, so that revoking a client or ending a convention takes effect on the next request.
 */
public final class Policy {

    /** What a convention lets a client see of one dataset. */
    public record Grant(Convention convention, Convention.DataScope scope, ApiClient client) {
        public String conventionRef() {
            return convention.ref();
        }
    }

    /** A caller's grants, valid while the registry's stamp and the day are the same. */
    private record Cached(Object stamp, LocalDate day, List<Grant> grants) {
    }

    /** The client id under which a person's requests are decided and audited: {@code user:LOGIN}. */
    public static final String PERSON_PREFIX = "user:";
    private static final int MAX_CACHED_CALLERS = 10_000;
    private final AccessRegistry registry;
    private final Clock clock;
    private final java.util.concurrent.ConcurrentHashMap<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();

    /** Finds an account by login; empty for none (no one signs in). */
    private final java.util.function.Function<String, Optional<User>> users;

    public Policy(AccessRegistry registry, Clock clock) {
        this(registry, clock, login -> Optional.empty());
    }

    /** @param users the accounts of people, for callers signed in on the web pages */
    public Policy(AccessRegistry registry, Clock clock, java.util.function.Function<String, Optional<User>> users) {
        this.registry = registry;
        this.clock = clock;
        this.users = users;
    }

    /**
     * The client the caller acts as. A person signed in acts as a client of their organisation named
     * {@code user:LOGIN}: conventions of the organisation apply to them, and the audit names them.
     */
    public Optional<ApiClient> client(Caller caller) {
        if (caller.userId() != null && caller.clientId() == null && caller.apiKey() == null) {
            return users.apply(caller.userId()).filter(u -> !u.disabled())
                    .map(u -> new ApiClient(PERSON_PREFIX + u.id(), u.organisation(), u.name(), 0, u.createdAt(), null));
        }
        if (caller.clientId() != null) {
            return registry.client(caller.clientId()).filter(c -> !c.revoked());
        }
        if (caller.apiKey() != null) {
            return registry.clientByKey(caller.apiKey());
        }
        return Optional.empty();
    }

    /** The caller's grants, recomputed when the registry changed (any write, by any process) or the day did. */
    public List<Grant> grants(Caller caller) {
        String who = caller.clientId() != null ? "id:" + caller.clientId() : caller.apiKey() != null ? "key:" + caller.apiKey()
                : caller.userId() != null ? PERSON_PREFIX + caller.userId() : null;
        if (who == null) {
            return List.of();
        }
        Object stamp = registry.stamp();
        LocalDate today = LocalDate.now(clock);
        Cached c = cache.get(who);
        if (c != null && c.stamp() == stamp && c.day().equals(today)) {
            return c.grants();
        }
        List<Grant> grants = List.copyOf(compute(caller, today));
        if (cache.size() >= MAX_CACHED_CALLERS) {
            cache.clear();
        }
        cache.put(who, new Cached(stamp, today, grants));
        return grants;
    }

    /** The conventions in force today ({@code id@version}), by the rule the grants follow: active and within their dates. */
    public java.util.Set<String> conventionsInForce() {
        LocalDate today = LocalDate.now(clock);
        java.util.Set<String> out = new java.util.HashSet<>();
        for (Convention c : registry.conventions()) {
            if (c.activeOn(today)) {
                out.add(c.ref());
            }
        }
        return out;
    }

    private List<Grant> compute(Caller caller, LocalDate today) {
        Optional<ApiClient> client = client(caller);
        if (client.isEmpty()) {
            return List.of();
        }
        List<Grant> out = new ArrayList<>();
        for (Convention c : registry.conventions()) {
            if (!c.activeOn(today)) {
                continue;
            }
            boolean recipient = c.parties().stream().anyMatch(p -> p.receives() && p.organisation().equals(client.get().organisation()));
            if (recipient) {
                for (Convention.DataScope s : c.scopes()) {
                    out.add(new Grant(c, s, client.get()));
                }
            }
        }
        return out;
    }

    /** The grant for one dataset; when several conventions cover it, the first active one (by convention id). */
    public Optional<Grant> grant(Caller caller, String datasetId) {
        return grants(caller).stream().filter(g -> g.scope().dataset().equals(datasetId)).findFirst();
    }

    public AccessRegistry registry() {
        return registry;
    }
}
