package fr.geoeduc.core.access;

import fr.geoeduc.core.query.Caller;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a caller into what it may see: the scopes of the active conventions (today within their dates) of which
 * its organisation is a recipient. Read from the registry on every request, so that revoking a client or ending
 * a convention takes effect on the next one.
 */
public final class Policy {

    /** What a convention lets a client see of one dataset. */
    public record Grant(Convention convention, Convention.DataScope scope, ApiClient client) {
        public String conventionRef() {
            return convention.id() + "@" + convention.version();
        }
    }

    private final AccessRegistry registry;
    private final Clock clock;

    public Policy(AccessRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    public Optional<ApiClient> client(Caller caller) {
        if (caller.clientId() != null) {
            return registry.client(caller.clientId()).filter(c -> !c.revoked());
        }
        if (caller.apiKey() != null) {
            return registry.clientByKey(caller.apiKey());
        }
        return Optional.empty();
    }

    public List<Grant> grants(Caller caller) {
        Optional<ApiClient> client = client(caller);
        if (client.isEmpty()) {
            return List.of();
        }
        LocalDate today = LocalDate.now(clock);
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
