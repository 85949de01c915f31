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

    /** Whether they administer anything (the administration pages): platform admin or convention manager. */
    public boolean administers() {
        return has(Role.PLATFORM_ADMIN) || has(Role.CONVENTION_MANAGER);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
