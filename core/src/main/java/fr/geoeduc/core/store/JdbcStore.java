package fr.geoeduc.core.store;

import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.FieldChange;
import fr.geoeduc.core.model.MetadataRevision;
import fr.geoeduc.core.model.Lineage;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.referentiel.CommuneEvent;
import fr.geoeduc.core.referentiel.Millesimes;
import fr.geoeduc.core.referentiel.ReferentielFeature;
import fr.geoeduc.core.referentiel.ReferentielScope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The store over JDBC with portable SQL; subclasses give the connection and the few dialect differences.
 * Versions are staged as record blocks under a batch id, then published by inserting one
 * {@code dataset_version} row in a short serialised transaction.
 */
public abstract class JdbcStore implements Store {

    /** Each staged block is its own short transaction, so that other writers of the store never wait long. */
    private static final int COMMIT_EVERY_BLOCKS = 1;
    private int schemaVersion;

    /** Applies pending migrations and removes what crashed ingests left staged; called once when opening. */
    protected void initialise() {
        try (Connection c = connect()) {
            this.schemaVersion = Migrations.apply(c, placeholders());
            removeAbandonedBatches(c);
        } catch (SQLException e) {
            throw new StoreException("cannot open " + describe() + ": " + e.getMessage(), e);
        }
    }

    protected abstract Connection connect() throws SQLException;

    @Override
    public Connection connection() throws SQLException {
        return connect();
    }

    /** Dialect words of the migration scripts ({@code BLOB}, {@code GIS_SETUP}). */
    protected abstract java.util.Map<String, String> placeholders();

    /** Serialises publications of a dataset: version numbers are taken under this lock. */
    protected abstract void beginPublication(Connection c, String datasetId) throws SQLException;

    /** Called with each staged block on the writer's connection (PostgreSQL also stages a GIS table). */
    protected void stageRows(Connection c, String batch, Schema schema, List<Object[]> rows) throws SQLException {
    }

    /** Called inside the publication transaction, after the version row is written. */
    protected void publishStaged(Connection c, String batch, DatasetDefinition definition, int version, Schema schema)
            throws SQLException {
    }

    /** Called when a batch is discarded (failed ingest, or abandoned by a dead process). */
    protected void discardStaged(Connection c, String batch) throws SQLException {
    }

    public abstract String describe();

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    // ---------------------------------------------------------------- catalogue

    @Override
    public List<DatasetSummary> datasets() {
        List<DatasetSummary> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, definition_json FROM dataset ORDER BY id")) {
            while (r.next()) {
                DatasetDefinition def = Json.read(r.getString(2), DatasetDefinition.class);
                List<DatasetVersion> versions = versions(c, r.getString(1));
                out.add(new DatasetSummary(def, versions.isEmpty() ? Optional.empty()
                        : Optional.of(versions.get(versions.size() - 1)), versions.size()));
            }
        } catch (SQLException e) {
            throw failure("list datasets", e);
        }
        return out;
    }

    @Override
    public Optional<DatasetDefinition> dataset(String id) {
        try (Connection c = connect(); PreparedStatement p = c.prepareStatement("SELECT definition_json FROM dataset WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(Json.read(r.getString(1), DatasetDefinition.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read dataset " + id, e);
        }
    }

    @Override
    public List<DatasetVersion> versions(String datasetId) {
        try (Connection c = connect()) {
            return versions(c, datasetId);
        } catch (SQLException e) {
            throw failure("list versions of " + datasetId, e);
        }
    }

    /** The versions with their published schema as amended by the dataset's metadata revisions: labels are read here. */
    private List<DatasetVersion> versions(Connection c, String datasetId) throws SQLException {
        List<MetadataRevision> revisions = metadataRevisions(c, datasetId);
        List<DatasetVersion> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT version, published_at, row_count, schema_json, lineage_json, batch_id "
                + "FROM dataset_version WHERE dataset_id = ? ORDER BY version")) {
            p.setString(1, datasetId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new DatasetVersion(datasetId, r.getInt(1), Instant.parse(r.getString(2)), r.getLong(3),
                            MetadataOverlay.apply(Json.read(r.getString(4), Schema.class), revisions),
                            Json.read(r.getString(5), Lineage.class), r.getString(6)));
                }
            }
        }
        return out;
    }

    @Override
    public Optional<DatasetVersion> version(String datasetId, int number) {
        return versions(datasetId).stream().filter(v -> v.number() == number).findFirst();
    }

    @Override
    public Optional<QualityReport> quality(String datasetId, int number) {
        try (Connection c = connect(); PreparedStatement p = c.prepareStatement(
                "SELECT quality_json FROM dataset_version WHERE dataset_id = ? AND version = ?")) {
            p.setString(1, datasetId);
            p.setInt(2, number);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(Json.read(r.getString(1), QualityReport.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read quality report of " + datasetId + " v" + number, e);
        }
    }

    @Override
    public void readRows(DatasetVersion version, Consumer<Object[]> consumer) {
        RowCodec codec = new RowCodec(version.schema());
        try (Connection c = connect(); PreparedStatement p = c.prepareStatement(
                "SELECT payload FROM record_block WHERE batch_id = ? ORDER BY block_no")) {
            p.setString(1, version.batchId());
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    codec.decode(r.getBytes(1)).forEach(consumer);
                }
            }
        } catch (SQLException e) {
            throw failure("read records of " + version.datasetId() + " v" + version.number(), e);
        }
    }

    // ---------------------------------------------------------------- versions

    @Override
    public VersionWriter beginVersion(String datasetId, Schema schema) {
        String batch = UUID.randomUUID().toString();
        try {
            Connection c = connect();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO batch (id, dataset_id, started_at, host, pid) VALUES (?, ?, ?, ?, ?)")) {
                p.setString(1, batch);
                p.setString(2, datasetId);
                p.setString(3, Instant.now().toString());
                p.setString(4, hostName());
                p.setLong(5, ProcessHandle.current().pid());
                p.executeUpdate();
            }
            c.setAutoCommit(false);
            return new JdbcVersionWriter(c, batch, datasetId, schema);
        } catch (SQLException e) {
            throw failure("start a new version of " + datasetId, e);
        }
    }

    private final class JdbcVersionWriter implements VersionWriter {
        private final Connection c;
        private final String batch;
        private final String datasetId;
        private final RowCodec codec;
        private final Schema schema;
        private final PreparedStatement insert;
        private int blocks;
        private int uncommitted;
        private long rows;
        private boolean finished;

        JdbcVersionWriter(Connection c, String batch, String datasetId, Schema schema) throws SQLException {
            this.c = c;
            this.batch = batch;
            this.datasetId = datasetId;
            this.schema = schema;
            this.codec = new RowCodec(schema);
            this.insert = c.prepareStatement("INSERT INTO record_block (batch_id, block_no, row_count, payload) VALUES (?, ?, ?, ?)");
        }

        @Override
        public void write(List<Object[]> chunk) {
            if (chunk.isEmpty()) {
                return;
            }
            try {
                insert.setString(1, batch);
                insert.setInt(2, blocks++);
                insert.setInt(3, chunk.size());
                insert.setBytes(4, codec.encode(chunk));
                insert.executeUpdate();
                stageRows(c, batch, schema, chunk);
                rows += chunk.size();
                if (++uncommitted >= COMMIT_EVERY_BLOCKS) {
                    c.commit();
                    uncommitted = 0;
                }
            } catch (SQLException e) {
                throw failure("write records of " + datasetId, e);
            }
        }

        @Override
        public DatasetVersion publish(DatasetDefinition definition, Schema schema, Lineage lineage, QualityReport quality) {
            return publish(definition, schema, lineage, quality, Instant.now());
        }

        @Override
        public DatasetVersion publish(DatasetDefinition definition, Schema schema, Lineage lineage, QualityReport quality,
                                      Instant publishedAt) {
            try {
                c.commit();
                beginPublication(c, datasetId);
                int next;
                try (PreparedStatement p = c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM dataset_version WHERE dataset_id = ?")) {
                    p.setString(1, datasetId);
                    try (ResultSet r = p.executeQuery()) {
                        r.next();
                        next = r.getInt(1);
                    }
                }
                Instant now = publishedAt;
                upsertDataset(c, definition, now);
                try (PreparedStatement p = c.prepareStatement("INSERT INTO dataset_version (dataset_id, version, published_at, row_count, batch_id, "
                        + "schema_json, lineage_json, quality_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    p.setString(1, datasetId);
                    p.setInt(2, next);
                    p.setString(3, now.toString());
                    p.setLong(4, rows);
                    p.setString(5, batch);
                    p.setString(6, Json.write(schema));
                    p.setString(7, Json.write(lineage));
                    p.setString(8, Json.write(quality));
                    p.executeUpdate();
                }
                try (PreparedStatement p = c.prepareStatement("DELETE FROM batch WHERE id = ?")) {
                    p.setString(1, batch);
                    p.executeUpdate();
                }
                publishStaged(c, batch, definition, next, schema);
                c.commit();
                finished = true;
                catalogueChanges().ifPresent(ChangeCounter::increment);
                return new DatasetVersion(datasetId, next, now, rows, schema, lineage, batch);
            } catch (SQLException e) {
                rollbackQuietly();
                throw failure("publish " + datasetId + " (nothing was published; previous versions unchanged)", e);
            }
        }

        @Override
        public void close() {
            try {
                if (!finished) {
                    rollbackQuietly();
                    c.setAutoCommit(true);
                    deleteBatch(c, batch);
                    discardStaged(c, batch);
                }
                insert.close();
                c.close();
            } catch (SQLException e) {
                // the batch stays staged and is removed at the next opening of the store
            }
        }

        private void rollbackQuietly() {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // connection already gone: the database discards the open transaction itself
            }
        }
    }

    private void upsertDataset(Connection c, DatasetDefinition def, Instant now) throws SQLException {
        boolean exists;
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM dataset WHERE id = ?")) {
            p.setString(1, def.id());
            try (ResultSet r = p.executeQuery()) {
                exists = r.next();
            }
        }
        String sql = exists ? "UPDATE dataset SET access_level = ?, definition_json = ?, updated_at = ? WHERE id = ?"
                : "INSERT INTO dataset (access_level, definition_json, updated_at, id, created_at) VALUES (?, ?, ?, ?, ?)";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, def.accessLevel().code());
            p.setString(2, Json.write(def));
            p.setString(3, now.toString());
            p.setString(4, def.id());
            if (!exists) {
                p.setString(5, now.toString());
            }
            p.executeUpdate();
        }
    }

    private static void deleteBatch(Connection c, String batch) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM record_block WHERE batch_id = ?")) {
            p.setString(1, batch);
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM batch WHERE id = ?")) {
            p.setString(1, batch);
            p.executeUpdate();
        }
    }

    /** Removes what a crashed or killed ingest staged: batches of dead processes of this host, orphan blocks. */
    private void removeAbandonedBatches(Connection c) throws SQLException {
        List<String> dead = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT id, pid FROM batch WHERE host = ?")) {
            p.setString(1, hostName());
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    if (ProcessHandle.of(r.getLong(2)).map(h -> !h.isAlive()).orElse(true)) {
                        dead.add(r.getString(1));
                    }
                }
            }
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        for (String batch : dead) {
            deleteBatch(c, batch);
            discardStaged(c, batch);
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM record_block WHERE batch_id NOT IN (SELECT id FROM batch) "
                    + "AND batch_id NOT IN (SELECT batch_id FROM dataset_version)");
        }
        c.setAutoCommit(auto);
    }

    // ---------------------------------------------------------------- metadata revisions

    @Override
    public MetadataRevision recordMetadataRevision(String datasetId, String author, Instant recordedAt, String origin,
                                                   List<FieldChange> changes) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try {
                beginPublication(c, datasetId);
                int next;
                try (PreparedStatement p = c.prepareStatement("SELECT COALESCE(MAX(revision), 0) + 1 FROM metadata_revision WHERE dataset_id = ?")) {
                    p.setString(1, datasetId);
                    try (ResultSet r = p.executeQuery()) {
                        r.next();
                        next = r.getInt(1);
                    }
                }
                MetadataRevision revision = new MetadataRevision(datasetId, next, recordedAt, author, origin, changes);
                try (PreparedStatement p = c.prepareStatement("INSERT INTO metadata_revision (dataset_id, revision, recorded_at, "
                        + "author, origin, changes_json) VALUES (?, ?, ?, ?, ?, ?)")) {
                    p.setString(1, datasetId);
                    p.setInt(2, next);
                    p.setString(3, recordedAt.toString());
                    p.setString(4, author);
                    p.setString(5, origin);
                    p.setString(6, Json.write(changes));
                    p.executeUpdate();
                }
                c.commit();
                catalogueChanges().ifPresent(ChangeCounter::increment);
                return revision;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("record a metadata revision of " + datasetId, e);
        }
    }

    @Override
    public List<MetadataRevision> metadataRevisions(String datasetId) {
        try (Connection c = connect()) {
            return metadataRevisions(c, datasetId);
        } catch (SQLException e) {
            throw failure("list metadata revisions of " + datasetId, e);
        }
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<List<FieldChange>> CHANGES = new com.fasterxml.jackson.core.type.TypeReference<>() {
    };

    private List<MetadataRevision> metadataRevisions(Connection c, String datasetId) throws SQLException {
        List<MetadataRevision> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT revision, recorded_at, author, origin, changes_json "
                + "FROM metadata_revision WHERE dataset_id = ? ORDER BY revision")) {
            p.setString(1, datasetId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    List<FieldChange> changes;
                    try {
                        changes = Json.MAPPER.readValue(r.getString(5), CHANGES);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException("corrupt stored metadata revision " + r.getInt(1) + " of " + datasetId, e);
                    }
                    out.add(new MetadataRevision(datasetId, r.getInt(1), Instant.parse(r.getString(2)), r.getString(3),
                            r.getString(4), changes));
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- référentiels

    /** A feature loaded without a millésime is kept under the empty one: the key (kind, millésime, code) needs a value. */
    private static String stored(String millesime) {
        return millesime == null ? "" : millesime;
    }

    private static String read(String millesime) {
        return millesime == null || millesime.isEmpty() ? null : millesime;
    }

    @Override
    public void replaceReferentiel(String kind, String scope, List<ReferentielFeature> features) {
        String millesime = features.isEmpty() ? null : features.get(0).millesime();
        for (ReferentielFeature f : features) {
            if (!java.util.Objects.equals(f.millesime(), millesime)) {
                throw new IllegalArgumentException("one millésime per replacement of " + kind + " " + scope + ": " + millesime
                        + " and " + f.millesime());
            }
        }
        WKBWriter wkb = new WKBWriter(2);
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement delScope = c.prepareStatement("DELETE FROM referentiel WHERE kind = ? AND millesime = ? AND scope = ?");
                 PreparedStatement delCode = c.prepareStatement("DELETE FROM referentiel WHERE kind = ? AND millesime = ? AND code = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO referentiel (kind, millesime, scope, code, name, geometry) VALUES (?, ?, ?, ?, ?, ?)")) {
                delScope.setString(1, kind);
                delScope.setString(2, stored(millesime));
                delScope.setString(3, scope);
                delScope.executeUpdate();
                for (ReferentielFeature f : features) {
                    delCode.setString(1, kind);
                    delCode.setString(2, stored(millesime));
                    delCode.setString(3, f.code());
                    delCode.executeUpdate();
                    ins.setString(1, kind);
                    ins.setString(2, stored(millesime));
                    ins.setString(3, scope);
                    ins.setString(4, f.code());
                    ins.setString(5, f.name());
                    ins.setBytes(6, f.geometry() == null ? null : wkb.write(f.geometry()));
                    ins.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("load référentiel " + kind, e);
        }
    }

    /** Counts and sums of lengths (SQL {@code length} of a blob does not read it), every millésime: milliseconds for 35,000 communes. */
    @Override
    public String referentielDigest(String kind) {
        try (Connection c = connect(); PreparedStatement p = c.prepareStatement(
                "SELECT count(*), sum(length(geometry)), sum(length(code)), sum(length(coalesce(name, ''))), min(millesime), max(millesime), "
                        + "min(code), max(code), min(name), max(name), sum(length(millesime)), count(DISTINCT millesime) "
                        + "FROM referentiel WHERE kind = ?")) {
            p.setString(1, kind);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= 12; i++) {
                    sb.append(r.getString(i)).append('|');
                }
                return sb.toString();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read référentiel " + kind + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<ReferentielScope> referentielScopes(String kind) {
        try (Connection c = connect()) {
            return scopes(c, kind);
        } catch (SQLException e) {
            throw new StoreException("cannot read référentiel " + kind + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    private static List<ReferentielScope> scopes(Connection c, String kind) throws SQLException {
        List<ReferentielScope> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT scope, millesime, count(*) FROM referentiel WHERE kind = ? GROUP BY scope, millesime ORDER BY scope, millesime")) {
            p.setString(1, kind);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new ReferentielScope(kind, r.getString(1), read(r.getString(2)), r.getInt(3)));
                }
            }
        }
        return out;
    }

    /** Each scope at its latest millésime ({@link Millesimes}): the millésimes are chosen first, then only their rows decoded. */
    @Override
    public List<ReferentielFeature> referentiel(String kind) {
        try (Connection c = connect()) {
            Map<String, String> current = Millesimes.currentByScope(scopes(c, kind));
            java.util.Set<String> millesimes = new java.util.TreeSet<>();
            current.values().forEach(m -> millesimes.add(stored(m)));
            if (millesimes.isEmpty()) {
                return List.of();
            }
            String in = String.join(", ", java.util.Collections.nCopies(millesimes.size(), "?"));
            return features(c, kind, "SELECT code, name, millesime, geometry, scope FROM referentiel WHERE kind = ? AND millesime IN ("
                    + in + ") ORDER BY code", new ArrayList<>(millesimes), (scope, millesime) -> Millesimes.isCurrent(current, scope, millesime));
        } catch (SQLException | ParseException e) {
            throw new StoreException("cannot read référentiel " + kind + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<ReferentielFeature> referentiel(String kind, String millesime) {
        try (Connection c = connect()) {
            return features(c, kind, "SELECT code, name, millesime, geometry, scope FROM referentiel WHERE kind = ? AND millesime = ? ORDER BY code",
                    List.of(stored(millesime)), (scope, m) -> true);
        } catch (SQLException | ParseException e) {
            throw new StoreException("cannot read référentiel " + kind + " " + millesime + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** The rows of a query on (kind, millésimes…) kept by {@code keep(scope, millésime)}, decoded. */
    private static List<ReferentielFeature> features(Connection c, String kind, String sql, List<String> millesimes,
                                                     java.util.function.BiPredicate<String, String> keep) throws SQLException, ParseException {
        WKBReader wkb = new WKBReader(new GeometryFactory(new PrecisionModel(), 4326));
        List<ReferentielFeature> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, kind);
            for (int i = 0; i < millesimes.size(); i++) {
                p.setString(i + 2, millesimes.get(i));
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    String millesime = read(r.getString(3));
                    if (!keep.test(r.getString(5), millesime)) {
                        continue;
                    }
                    byte[] g = r.getBytes(4);
                    out.add(new ReferentielFeature(kind, r.getString(1), r.getString(2), millesime, g == null ? null : wkb.read(g)));
                }
            }
        }
        return out;
    }

    @Override
    public void replaceCommuneEvents(List<CommuneEvent> events) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement();
                 PreparedStatement ins = c.prepareStatement("INSERT INTO commune_event (seq, mod, date_eff, typecom_av, com_av, libelle_av, "
                         + "typecom_ap, com_ap, libelle_ap) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.executeUpdate("DELETE FROM commune_event");
                int seq = 0;
                for (CommuneEvent e : events) {
                    ins.setInt(1, ++seq);
                    ins.setInt(2, e.mod());
                    ins.setString(3, e.date().toString());
                    ins.setString(4, e.typeBefore());
                    ins.setString(5, e.codeBefore());
                    ins.setString(6, e.nameBefore());
                    ins.setString(7, e.typeAfter());
                    ins.setString(8, e.codeAfter());
                    ins.setString(9, e.nameAfter());
                    ins.addBatch();
                }
                ins.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("load commune history", e);
        }
    }

    @Override
    public List<CommuneEvent> communeEvents() {
        List<CommuneEvent> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT mod, date_eff, typecom_av, com_av, libelle_av, typecom_ap, com_ap, libelle_ap FROM commune_event ORDER BY seq")) {
            while (r.next()) {
                out.add(new CommuneEvent(r.getInt(1), LocalDate.parse(r.getString(2)), r.getString(3), r.getString(4),
                        r.getString(5), r.getString(6), r.getString(7), r.getString(8)));
            }
        } catch (SQLException e) {
            throw failure("read commune history", e);
        }
        return out;
    }

    protected StoreException failure(String what, SQLException e) {
        return new StoreException("cannot " + what + " in " + describe() + ": " + e.getMessage(), e);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public void close() {
    }
}
