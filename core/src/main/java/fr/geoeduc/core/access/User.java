package fr.geoeduc.core.access;

import java.time.Instant;
import java.util.Set;

/** A person with an account: login, name, organisation and roles; disabled accounts can no longer sign in. */
public record User(String id, String name, String organisation, Set<Role> roles, Instant createdAt, Instant disabledAt) {

    public User {
        roles = Set.copyOf(roles);
    }

    public boolean disabled() {
        return disabledAt != null;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
