package fr.geoeduc.core.access;

import fr.geoeduc.core.store.Json;
import fr.geoeduc.core.store.Store;
import fr.geoeduc.core.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of organisations, their API clients and the conventions, kept in the store's database.
 * Conventions are versioned: an amendment is a new version, the previous one is retired.
 *
 * <p>What every request reads (clients by key, conventions, pseudonym keys, oppositions) is served from an
 * in-memory copy tagged with the registry's generation, a counter that every write bumps in its own transaction
 * ({@code registry_state}). A write made through this registry drops the copy at once; a write made by another
 * process (the CLI while a server runs) is seen at the next generation check, made at most every
 * {@value #GENERATION_CHECK_MICROS} µs (one primary-key read), so a revocation or an end of convention takes effect
 * on the next request.
 */
public final class AccessRegistry {

    /** A client just created: its key and secret are shown once and never stored in clear. */
    public record NewClient(ApiClient client, String apiKey, String clientSecret) {
    }

    /** The registry as of one generation; oppositions and keys are filled in as they are asked for. */
    private record Cached(long generation, long localWrites, long signal, List<Convention> conventions, Map<String, ApiClient> clientsByKeyHash,
                          Map<String, ApiClient> clientsById, Map<String, java.util.Set<String>> oppositions,
                          Map<String, byte[]> pseudonymKeys) {
        Cached withSignal(long newSignal) {
            return new Cached(generation, localWrites, newSignal, conventions, clientsByKeyHash, clientsById, oppositions, pseudonymKeys);
        }
    }

    /**
     * How long a generation check is trusted when the store has no shared change counter (PostgreSQL): a request makes
     * several registry reads, one check covers them.
     */
    static final long GENERATION_CHECK_MICROS = 1000;
    /**
     * With the embedded store, every process bumps a shared memory-mapped counter after each registry write, and a
     * read checks it (nanoseconds): a change made by another process is seen by the next request. The database is
     * still read once a second, in case a process died between its commit and its bump.
     */
    static final long SAFETY_CHECK_MICROS = 1_000_000;

    private final Store store;
    private final fr.geoeduc.core.store.ChangeCounter changes;
    private volatile Cached cached;
    private volatile long checkedAtNanos;
    /** Writes committed through this registry: a copy made before one of them is never trusted without a check. */
    private final java.util.concurrent.atomic.AtomicLong localWrites = new java.util.concurrent.atomic.AtomicLong();
    /** Times the cached registry was checked against the database (for tests and operators). */
    private final java.util.concurrent.atomic.AtomicLong databaseChecks = new java.util.concurrent.atomic.AtomicLong();

    public AccessRegistry(Store store) {
        this.store = store;
        this.changes = store.registryChanges().orElse(null);
    }

    private volatile KeyVault vault;

    /** The master key that seals the pseudonymisation keys: resolved on first use, so that registries without keys need none. */
    private KeyVault vault() {
        KeyVault v = vault;
        if (v == null) {
            v = KeyVault.resolve(store.keyDirectory()).orElseThrow(() -> new IllegalStateException(
                    "no master key for the pseudonymisation keys: set " + KeyVault.ENV + " (openssl rand -base64 32) for a store without a data directory"));
            vault = v;
        }
        return v;
    }

    /**
     * Seals every pseudonymisation key not yet sealed under the current master key: keys stored in clear by earlier
     * versions, and keys sealed under the previous master key during a rotation. Returns how many were sealed.
     */
    public int sealKeys() {
        record Row(String id, int version, String stored) {
        }
        List<Row> rows = read("list the conventions' keys", c -> {
            List<Row> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, version, secret_key FROM convention");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Row(r.getString(1), r.getInt(2), r.getString(3)));
                }
            }
            return out;
        });
        int sealed = 0;
        for (Row row : rows) {
            if (row.stored() == null || vault().sealedUnderCurrent(row.id(), row.stored())) {
                continue;
            }
            String resealed = vault().seal(row.id(), vault().open(row.id(), row.stored()));
            sealed += run("seal the key of convention " + row.id(), c -> {
                try (PreparedStatement p = c.prepareStatement("UPDATE convention SET secret_key = ? WHERE id = ? AND version = ? AND secret_key = ?")) {
                    p.setString(1, resealed);
                    p.setString(2, row.id());
                    p.setInt(3, row.version());
                    p.setString(4, row.stored());
                    return p.executeUpdate();
                }
            });
        }
        return sealed;
    }

    /**
     * An object that stays the same while the registry does not change: what is derived from the registry (a
     * caller's grants) can be kept as long as the stamp is identical.
     */
    public Object stamp() {
        return current();
    }

    /** How many times the cached registry was checked against the database so far. */
    long databaseChecks() {
        return databaseChecks.get();
    }

    /** The number of writes made to the registry so far, by any process. */
    public long generation() {
        return read("read the registry generation", AccessRegistry::generation);
    }

    private static long generation(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT generation FROM registry_state WHERE id = 1");
             ResultSet r = p.executeQuery()) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    /** The cached registry, reloaded when its generation moved; the generation is read before the data it tags. */
    private Cached current() {
        Cached recent = cached;
        long start = System.nanoTime();
        long writes = localWrites.get();
        long signal = changes == null ? 0 : changes.get();
        if (recent != null && recent.localWrites() == writes && recent.signal() == signal
                && start - checkedAtNanos < (changes == null ? GENERATION_CHECK_MICROS : SAFETY_CHECK_MICROS) * 1000) {
            return recent;
        }
        databaseChecks.incrementAndGet();
        return read("read the registry", c -> {
            long g = generation(c);
            Cached now = cached;
            if (now != null && now.generation() == g && now.localWrites() == writes) {
                if (now.signal() != signal) {
                    now = now.withSignal(signal);
                    cached = now;
                }
                checkedAtNanos = start;
                return now;
            }
            Map<String, ApiClient> byKey = new java.util.HashMap<>();
            Map<String, ApiClient> byId = new java.util.HashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, organisation, label, daily_limit, created_at, revoked_at, key_hash FROM api_client");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    ApiClient client = client(r);
                    byId.put(client.id(), client);
                    byKey.put(r.getString(7), client);
                }
            }
            Cached fresh = new Cached(g, writes, signal, List.copyOf(latestConventions(c)), Map.copyOf(byKey), Map.copyOf(byId),
                    new java.util.concurrent.ConcurrentHashMap<>(), new java.util.concurrent.ConcurrentHashMap<>());
            cached = fresh;
            checkedAtNanos = start;
            return fresh;
        });
    }

    // ---------------------------------------------------------------- organisations

    public void saveOrganisation(Organisation o) {
        run("save organisation " + o.id(), c -> {
            // update in place: its clients reference it, so it must not be deleted and re-inserted
            try (PreparedStatement u = c.prepareStatement("UPDATE organisation SET name = ?, siren = ?, kind = ?, document_json = ? WHERE id = ?")) {
                u.setString(1, o.name());
                u.setString(2, o.siren());
                u.setString(3, o.kind().name());
                u.setString(4, Json.write(o));
                u.setString(5, o.id());
                if (u.executeUpdate() > 0) {
                    return null;
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO organisation (id, name, siren, kind, document_json, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                p.setString(1, o.id());
                p.setString(2, o.name());
                p.setString(3, o.siren());
                p.setString(4, o.kind().name());
                p.setString(5, Json.write(o));
                p.setString(6, Instant.now().toString());
                p.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Organisation> organisation(String id) {
        return organisations().stream().filter(o -> o.id().equals(id)).findFirst();
    }

    public List<Organisation> organisations() {
        return read("list organisations", c -> {
            List<Organisation> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT document_json FROM organisation ORDER BY id"); ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(Json.read(r.getString(1), Organisation.class));
                }
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- data owners

    /** Records which organisation holds a dataset: only its managers may grant access to it. */
    public void setDatasetOwner(String dataset, String organisation) {
        if (organisation(organisation).isEmpty()) {
            throw new IllegalArgumentException("unknown organisation '" + organisation + "' (create it first: geoeduc org create)");
        }
        run("record the owner of " + dataset, c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM dataset_owner WHERE dataset_id = ?")) {
                d.setString(1, dataset);
                d.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO dataset_owner (dataset_id, organisation, set_at) VALUES (?, ?, ?)")) {
                p.setString(1, dataset);
                p.setString(2, organisation);
                p.setString(3, Instant.now().toString());
                p.executeUpdate();
            }
            return null;
        });
    }

    /** The organisation that holds a dataset, if one was recorded. */
    public Optional<String> datasetOwner(String dataset) {
        return read("read the owner of " + dataset, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT organisation FROM dataset_owner WHERE dataset_id = ?")) {
                p.setString(1, dataset);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
    }

    // ---------------------------------------------------------------- clients

    public NewClient createClient(String organisation, String label, long dailyLimit) {
        if (organisation(organisation).isEmpty()) {
            throw new IllegalArgumentException("unknown organisation '" + organisation + "'");
        }
        String id = Secrets.identifier("cli_", 16);
        String key = Secrets.token("gek_");
        String secret = Secrets.token("ges_");
        Instant now = Instant.now();
        run("create client", c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO api_client (id, organisation, label, key_hash, secret_hash, daily_limit, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, id);
                p.setString(2, organisation);
                p.setString(3, label);
                p.setString(4, Secrets.sha256(key));
                p.setString(5, Secrets.kdf(secret));
                p.setLong(6, dailyLimit);
                p.setString(7, now.toString());
                p.executeUpdate();
            }
            return null;
        });
        return new NewClient(new ApiClient(id, organisation, label, dailyLimit, now, null), key, secret);
    }

    /** The client of an API key, if the key exists and is not revoked (checked on every request). */
    public Optional<ApiClient> clientByKey(String apiKey) {
        return Optional.ofNullable(current().clientsByKeyHash().get(Secrets.sha256(apiKey))).filter(cl -> !cl.revoked());
    }

    public Optional<ApiClient> client(String id) {
        return Optional.ofNullable(current().clientsById().get(id));
    }

    /** OAuth2 client credentials: the client when the secret matches and the client is not revoked. */
    public Optional<ApiClient> authenticate(String clientId, String secret) {
        String stored = read("authenticate client", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT secret_hash FROM api_client WHERE id = ? AND revoked_at IS NULL")) {
                p.setString(1, clientId);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        });
        return Secrets.kdfMatchesOrDummy(secret, stored) ? client(clientId) : Optional.empty();
    }

    public List<ApiClient> clients() {
        return read("list clients", c -> {
            List<ApiClient> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, organisation, label, daily_limit, created_at, revoked_at FROM api_client ORDER BY created_at");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(client(r));
                }
            }
            return out;
        });
    }

    public void revokeClient(String id) {
        int n = run("revoke client", c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE api_client SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                p.setString(1, Instant.now().toString());
                p.setString(2, id);
                return p.executeUpdate();
            }
        });
        if (n == 0 && client(id).isEmpty()) {
            throw new IllegalArgumentException("unknown client '" + id + "'");
        }
    }

    private static ApiClient client(ResultSet r) throws SQLException {
        return new ApiClient(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), Instant.parse(r.getString(5)),
                r.getString(6) == null ? null : Instant.parse(r.getString(6)));
    }

    // ---------------------------------------------------------------- conventions

    /** Records a new convention (version 1) or an amendment (next version; the previous one is retired). */
    public Convention saveConvention(Convention draft) {
        ConventionValidator.require(draft);
        for (Convention.Party p : draft.parties()) {
            if (organisation(p.organisation()).isEmpty()) {
                throw new IllegalArgumentException("convention " + draft.id() + " : organisation partie « " + p.organisation() + " » inconnue / unknown party organisation '" + p.organisation()
                        + "' (create it first: geoeduc org create)");
            }
        }
        return run("save convention " + draft.id(), c -> {
            Optional<Convention> current = convention(c, draft.id());
            if (current.isPresent() && current.get().status().isFinal()) {
                throw new IllegalArgumentException("la convention " + draft.id() + " est terminée : rédigez une nouvelle convention plutôt qu'un avenant / convention " + draft.id() + " is " + current.get().status()
                        + ": an ended convention cannot be amended; draw up a new convention instead");
            }
            int version = current.map(v -> v.version() + 1).orElse(1);
            Convention saved = draft.withVersion(version).withStatus(current.isEmpty() ? Convention.Status.DRAFT : draft.status());
            if (current.isPresent()) {
                List<Convention.Amendment> history = new ArrayList<>(current.get().lifeCycle().amendments());
                history.add(new Convention.Amendment(version, LocalDate.now(), "avenant / amendment v" + version));
                saved = saved.withLifeCycle(new Convention.LifeCycle(saved.lifeCycle().startsOn(), saved.lifeCycle().endsOn(),
                        saved.lifeCycle().durationMonths(), saved.lifeCycle().tacitRenewal(), saved.lifeCycle().reviewMeeting(),
                        saved.lifeCycle().noticeMonths(), saved.lifeCycle().terminatedOn(), history))
                        .withStatus(Convention.Status.DRAFT);
                retire(c, current.get());
            }
            String key = current.map(v -> secretKey(c, v)).orElseGet(() -> vault().seal(draft.id(), PseudonymKeys.fresh()));
            insert(c, saved, key);
            return saved;
        });
    }

    private void retire(Connection c, Convention previous) throws SQLException {
        Convention.Status status = previous.status() == Convention.Status.ACTIVE ? Convention.Status.TERMINATED : previous.status();
        try (PreparedStatement p = c.prepareStatement("UPDATE convention SET status = ?, document_json = ?, updated_at = ? WHERE id = ? AND version = ?")) {
            p.setString(1, status.name());
            p.setString(2, Json.write(previous.withStatus(status)));
            p.setString(3, Instant.now().toString());
            p.setString(4, previous.id());
            p.setInt(5, previous.version());
            p.executeUpdate();
        }
    }

    private static void insert(Connection c, Convention v, String key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO convention (id, version, number, status, starts_on, ends_on, document_json, secret_key, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, v.id());
            p.setInt(2, v.version());
            p.setString(3, v.number());
            p.setString(4, v.status().name());
            p.setString(5, v.lifeCycle().startsOn() == null ? null : v.lifeCycle().startsOn().toString());
            p.setString(6, v.lifeCycle().lastDay() == null ? null : v.lifeCycle().lastDay().toString());
            p.setString(7, Json.write(v));
            p.setString(8, key);
            p.setString(9, Instant.now().toString());
            p.executeUpdate();
        }
    }

    /** Moves the latest version of a convention through its life cycle; refuses transitions that make no sense. */
    public Convention transition(String id, Convention.Status to, LocalDate on) {
        return run("change convention " + id, c -> {
            Convention current = convention(c, id).orElseThrow(() -> new IllegalArgumentException("unknown convention '" + id + "'"));
            if (!allowed(current.status(), to)) {
                throw new IllegalArgumentException("la convention " + id + " ne peut pas passer de " + current.status() + " à " + to + " / convention " + id + ": cannot go from " + current.status() + " to " + to);
            }
            Convention next = current.withStatus(to);
            if (to == Convention.Status.TERMINATED || to == Convention.Status.REVOKED) {
                Convention.LifeCycle l = current.lifeCycle();
                next = next.withLifeCycle(new Convention.LifeCycle(l.startsOn(), l.endsOn(), l.durationMonths(), l.tacitRenewal(),
                        l.reviewMeeting(), l.noticeMonths(), on == null ? LocalDate.now() : on, l.amendments()));
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE convention SET status = ?, ends_on = ?, document_json = ?, updated_at = ? WHERE id = ? AND version = ?")) {
                p.setString(1, to.name());
                p.setString(2, next.lifeCycle().lastDay() == null ? null : next.lifeCycle().lastDay().toString());
                p.setString(3, Json.write(next));
                p.setString(4, Instant.now().toString());
                p.setString(5, id);
                p.setInt(6, current.version());
                p.executeUpdate();
            }
            return next;
        });
    }

    /** Whether the life cycle lets a convention go from {@code from} to {@code to}. */
    public static boolean allowed(Convention.Status from, Convention.Status to) {
        return switch (from) {
            case DRAFT -> to == Convention.Status.SUBMITTED || to == Convention.Status.VALIDATED;
            case SUBMITTED -> to == Convention.Status.VALIDATED || to == Convention.Status.DRAFT;
            case VALIDATED -> to == Convention.Status.ACTIVE || to == Convention.Status.REVOKED;
            case ACTIVE -> to == Convention.Status.SUSPENDED || to == Convention.Status.EXPIRED || to == Convention.Status.TERMINATED
                    || to == Convention.Status.REVOKED;
            case SUSPENDED -> to == Convention.Status.ACTIVE || to == Convention.Status.TERMINATED || to == Convention.Status.REVOKED;
            case EXPIRED, TERMINATED, REVOKED -> false;
        };
    }

    /** Tacit renewal after a review meeting: extends an active convention by its duration from its last day. */
    public Convention renew(String id, LocalDate reviewMeeting) {
        return run("renew convention " + id, c -> {
            Convention current = convention(c, id).orElseThrow(() -> new IllegalArgumentException("unknown convention '" + id + "'"));
            Convention.LifeCycle l = current.lifeCycle();
            if (!l.tacitRenewal() || current.status() != Convention.Status.ACTIVE) {
                throw new IllegalArgumentException("la convention " + id + " n'est pas une convention en vigueur à reconduction tacite / convention " + id + " is not an active convention with tacit renewal");
            }
            int months = l.durationMonths() == null ? 12 : l.durationMonths();
            LocalDate last = l.lastDay();
            Convention next = current.withLifeCycle(new Convention.LifeCycle(l.startsOn(), last.plusMonths(months), null, true,
                    reviewMeeting, l.noticeMonths(), null, l.amendments()));
            try (PreparedStatement p = c.prepareStatement("UPDATE convention SET ends_on = ?, document_json = ?, updated_at = ? WHERE id = ? AND version = ?")) {
                p.setString(1, next.lifeCycle().lastDay().toString());
                p.setString(2, Json.write(next));
                p.setString(3, Instant.now().toString());
                p.setString(4, id);
                p.setInt(5, current.version());
                p.executeUpdate();
            }
            return next;
        });
    }

    public Optional<Convention> convention(String id) {
        return read("read convention " + id, c -> convention(c, id));
    }

    private static Optional<Convention> convention(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT document_json FROM convention WHERE id = ? ORDER BY version DESC")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(Json.read(r.getString(1), Convention.class)) : Optional.empty();
            }
        }
    }

    /** The latest version of every convention. */
    public List<Convention> conventions() {
        return new ArrayList<>(current().conventions());
    }

    private static List<Convention> latestConventions(Connection c) throws SQLException {
        Map<String, Convention> latest = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT id, document_json FROM convention ORDER BY id, version");
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                latest.put(r.getString(1), Json.read(r.getString(2), Convention.class));
            }
        }
        return new ArrayList<>(latest.values());
    }

    public List<Convention> history(String id) {
        return read("convention history", c -> {
            List<Convention> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT document_json FROM convention WHERE id = ? ORDER BY version")) {
                p.setString(1, id);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(Json.read(r.getString(1), Convention.class));
                    }
                }
            }
            return out;
        });
    }

    /** The pseudonymisation key of a convention (server-side only, never exported). */
    public byte[] pseudonymKey(String conventionId) {
        return current().pseudonymKeys().computeIfAbsent(conventionId, id -> read("read key", c -> {
            Convention v = convention(c, id).orElseThrow(() -> new IllegalArgumentException("unknown convention " + id));
            return vault().open(id, secretKey(c, v));
        })).clone();
    }

    private static String secretKey(Connection c, Convention v) {
        try (PreparedStatement p = c.prepareStatement("SELECT secret_key FROM convention WHERE id = ? AND version = ?")) {
            p.setString(1, v.id());
            p.setInt(2, v.version());
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the key of convention " + v.id() + ": " + e.getMessage(), e);
        }
    }

    /** The keys of a convention before and after a rotation (the previous one exists only in this object). */
    public record RotatedKey(String conventionId, byte[] previous, byte[] current) {
    }

    /**
     * Gives the convention a new pseudonymisation key (every version of it: amendments carry it on): every pseudonym
     * the recipient gets from now on changes. The previous key is handed once to {@code publishTable}, to build the
     * recipient's correspondence table (old → new pseudonym) <em>before</em> the new key is recorded: if writing the
     * table fails, the key is not changed and nothing is lost. The previous key is not kept. Two rotations at once
     * cannot both win: the new key is recorded only if the key is still the one the table was built from.
     */
    public RotatedKey rotateKey(String conventionId, java.util.function.Consumer<RotatedKey> publishTable) {
        Convention v = convention(conventionId).orElseThrow(() -> new IllegalArgumentException("unknown convention " + conventionId));
        String previous = read("read the key of convention " + conventionId, c -> secretKey(c, v));
        byte[] fresh = PseudonymKeys.fresh();
        RotatedKey keys = new RotatedKey(conventionId, vault().open(conventionId, previous), fresh.clone());
        publishTable.accept(keys);
        run("rotate the key of convention " + conventionId, c -> {
            Convention latest = convention(c, conventionId).orElseThrow(() -> new IllegalArgumentException("unknown convention " + conventionId));
            String encoded = vault().seal(conventionId, fresh);
            // compare-and-set on the latest version: a concurrent rotation or amendment makes this update match no row
            try (PreparedStatement p = c.prepareStatement("UPDATE convention SET secret_key = ?, updated_at = ? WHERE id = ? AND version = ? AND secret_key = ?")) {
                p.setString(1, encoded);
                p.setString(2, Instant.now().toString());
                p.setString(3, conventionId);
                p.setInt(4, latest.version());
                p.setString(5, previous);
                if (p.executeUpdate() != 1 || latest.version() != v.version()) {
                    throw new IllegalStateException("the key of convention " + conventionId
                            + " changed while the correspondence table was written (another rotation or an amendment): the table is void, rotate again");
                }
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE convention SET secret_key = ?, updated_at = ? WHERE id = ? AND version < ?")) {
                p.setString(1, encoded);
                p.setString(2, Instant.now().toString());
                p.setString(3, conventionId);
                p.setInt(4, latest.version());
                p.executeUpdate();
            }
            return null;
        });
        return keys;
    }

    // ---------------------------------------------------------------- opposition

    /** Records a family's opposition for an identifier (stored hashed) of a dataset. */
    public void addOpposition(String dataset, String identifier) {
        run("record opposition", c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO opposition (dataset_id, identifier_hash, recorded_at) VALUES (?, ?, ?)")) {
                p.setString(1, dataset);
                p.setString(2, Secrets.sha256(identifier.strip().toUpperCase(java.util.Locale.ROOT)));
                p.setString(3, Instant.now().toString());
                p.executeUpdate();
            }
            return null;
        });
    }

    public java.util.Set<String> oppositionHashes(String dataset) {
        return current().oppositions().computeIfAbsent(dataset, this::readOppositions);
    }

    private java.util.Set<String> readOppositions(String dataset) {
        return read("read oppositions", c -> {
            java.util.Set<String> out = new java.util.HashSet<>();
            try (PreparedStatement p = c.prepareStatement("SELECT identifier_hash FROM opposition WHERE dataset_id = ?")) {
                p.setString(1, dataset);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
            }
            return java.util.Set.copyOf(out);
        });
    }

    // ---------------------------------------------------------------- plumbing

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Reads in autocommit mode: no write lock is taken (SQLite) and nothing nests. */
    private <T> T read(String what, Work<T> work) {
        try (Connection c = store.connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /** Writes in one transaction, which also bumps the registry's generation. */
    private <T> T run(String what, Work<T> work) {
        try (Connection c = store.connection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                try (PreparedStatement p = c.prepareStatement("UPDATE registry_state SET generation = generation + 1 WHERE id = 1")) {
                    p.executeUpdate();
                }
                c.commit();
                localWrites.incrementAndGet();
                cached = null;
                if (changes != null) {
                    changes.increment();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
