package fr.geoeduc.core.access;

import fr.geoeduc.core.store.StoreException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Walks the audit log in seq order against its checkpoints, the MAC of each entry and the anchors (the anchor file of the
 * data directory and any anchor the operator deposited elsewhere), and names the first problem in seq order:
 * <ul>
 * <li>an entry whose hash does not match its content (edited), a gap in seq (deleted), a prev_hash that does not match
 * the entry before (deleted, replaced or re-chained), an {@code at} column that differs from the entry;</li>
 * <li>a MAC that does not match (edited then re-chained, or written without the key), a missing MAC after a signed
 * entry (added or replaced without the key);</li>
 * <li>a checkpoint with a wrong MAC (forged), whose hash differs from its entry (rewritten), missing at a multiple of
 * {@code checkpointEvery} (deleted), or beyond the last entry (truncated);</li>
 * <li>an anchor beyond the last entry (truncated; emptied when nothing is left), or whose hash differs from the entry at
 * its count (rewritten).</li>
 * </ul>
 */
final class AuditVerifier {

    private final AuditLog.ConnectionSource source;
    private final AuditMac mac;
    private final int checkpointEvery;
    private final Path anchorFile;

    AuditVerifier(AuditLog.ConnectionSource source, byte[] key, int checkpointEvery, Path anchorFile) {
        this.source = source;
        this.mac = new AuditMac(key);
        this.checkpointEvery = checkpointEvery;
        this.anchorFile = anchorFile;
    }

    /** An anchored point and where it comes from. */
    private record Anchored(AuditLog.Anchor line, boolean deposited) {
        String where() {
            return deposited ? "l'ancrage déposé" : "le fichier d'ancrage";
        }

        String whereEn() {
            return deposited ? "the deposited anchor" : "the anchor file";
        }
    }

    /** The walk's state: what has been seen, and the first problem. */
    private static final class Walk {
        long count;
        long expected = 1;
        String prev = AuditLog.GENESIS;
        long unsigned;
        boolean signedSeen;
        Long badSeq;
        String code;
        String problem;
        String problemEn;

        void fail(long seq, String code, String fr, String en) {
            if (badSeq == null) {
                badSeq = seq;
                this.code = code;
                problem = fr;
                problemEn = en;
            }
        }
    }

    synchronized AuditLog.VerifyResult verify(List<AuditLog.Anchor> deposited) {
        // anchors and checkpoints first: entries appended meanwhile only add to what is read next
        AuditAnchor.State state = AuditAnchor.read(anchorFile);
        List<Anchored> anchors = new ArrayList<>();
        state.lines().forEach(l -> anchors.add(new Anchored(l, false)));
        deposited.forEach(l -> anchors.add(new Anchored(l, true)));
        anchors.sort(Comparator.comparingLong(a -> a.line().seq()));
        Walk w = new Walk();
        try (Connection c = source.open()) {
            List<AuditLog.Checkpoint> checkpoints = checkpoints(c);
            walk(c, w, checkpoints, anchors);
            if (w.badSeq == null) {
                afterTheLast(w, checkpoints, anchors, state);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit log: " + e.getMessage(), e);
        }
        long anchoredUpTo = state.lines().isEmpty() ? 0 : state.lines().get(state.lines().size() - 1).seq();
        Long anchoredFrom = state.exists() ? (state.start() == null ? 0L : state.start().seq()) : null;
        return new AuditLog.VerifyResult(w.badSeq == null, w.count, w.badSeq, w.code, w.problem, w.problemEn, w.unsigned,
                anchoredFrom, anchoredUpTo);
    }

    private static List<AuditLog.Checkpoint> checkpoints(Connection c) throws SQLException {
        List<AuditLog.Checkpoint> checkpoints = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq, hash, mac, at FROM audit_checkpoint ORDER BY seq")) {
            while (rs.next()) {
                checkpoints.add(new AuditLog.Checkpoint(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return checkpoints;
    }

    private void walk(Connection c, Walk w, List<AuditLog.Checkpoint> checkpoints, List<Anchored> anchors) throws SQLException {
        Iterator<AuditLog.Checkpoint> cps = checkpoints.iterator();
        AuditLog.Checkpoint cp = cps.hasNext() ? cps.next() : null;
        int a = 0;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq, at, entry_json, prev_hash, hash, mac FROM audit_entry ORDER BY seq")) {
            while (rs.next()) {
                w.count++;
                if (w.badSeq != null) {
                    continue;
                }
                long seq = rs.getLong(1);
                String at = rs.getString(2);
                String json = rs.getString(3);
                String prevHash = rs.getString(4);
                String hash = rs.getString(5);
                String entryMac = rs.getString(6);
                while (cp != null && cp.seq() < seq) {
                    cp = cps.hasNext() ? cps.next() : null; // only possible inside a gap, reported just below
                }
                while (a < anchors.size() && anchors.get(a).line().seq() < seq) {
                    a++; // likewise
                }
                if (seq != w.expected) {
                    gap(w, seq);
                } else if (!w.prev.equals(prevHash)) {
                    w.fail(seq, "chainage-rompu",
                            "prev_hash différent du hash de l'entrée précédente : entrée précédente supprimée ou remplacée, ou chaînage modifié",
                            "prev_hash differs from the hash of the previous entry: previous entry deleted or replaced, or chain altered");
                } else if (json == null || hash == null || !AuditCanonical.chainHash(prevHash, json).equals(hash)) {
                    w.fail(seq, "entree-modifiee", "hash différent du contenu : entrée modifiée", "hash differs from the content: entry edited");
                } else if (!AuditCanonical.atMatches(at, json)) {
                    w.fail(seq, "date-modifiee", "date (colonne at) différente de celle de l'entrée : modifiée",
                            "date (column at) differs from the entry's: edited");
                } else if (entryMac != null && !mac.entryMatches(seq, hash, entryMac)) {
                    w.fail(seq, "mac-invalide", "MAC invalide : entrée modifiée puis rechaînée, ou écrite sans la clé d'audit",
                            "invalid MAC: entry edited then re-chained, or written without the audit key");
                } else if (entryMac == null && w.signedSeen) {
                    w.fail(seq, "mac-absent", "MAC absent après des entrées signées : entrée ajoutée ou remplacée sans la clé d'audit",
                            "MAC missing after signed entries: entry added or replaced without the audit key");
                } else if (cp != null && cp.seq() == seq) {
                    checkpoint(w, cp, hash);
                    cp = cps.hasNext() ? cps.next() : null;
                } else if (seq % checkpointEvery == 0) {
                    w.fail(seq, "point-de-controle-supprime", "point de contrôle " + seq + " absent : supprimé",
                            "checkpoint " + seq + " missing: deleted");
                }
                for (; w.badSeq == null && a < anchors.size() && anchors.get(a).line().seq() == seq; a++) {
                    Anchored anchored = anchors.get(a);
                    if (!anchored.line().hash().equals(hash)) {
                        w.fail(seq, "journal-reecrit", "journal réécrit : l'entrée " + seq + " n'a plus le hash que " + anchored.where()
                                        + " lui donne (" + anchored.line().hash() + when(anchored.line()) + ")",
                                "log rewritten: entry " + seq + " no longer has the hash " + anchored.whereEn() + " gives it");
                    }
                }
                if (entryMac == null) {
                    w.unsigned = w.signedSeen ? w.unsigned : seq;
                } else {
                    w.signedSeen = true;
                }
                w.prev = hash;
                w.expected = seq + 1;
            }
        }
    }

    private static void gap(Walk w, long seq) {
        long expected = w.expected;
        if (seq < expected) {
            w.fail(seq, "sequence-inattendue", "numéro de séquence inattendu, attendu " + expected, "unexpected seq, expected " + expected);
        } else if (seq - expected == 1) {
            w.fail(seq, "entree-supprimee", "entrée " + expected + " absente : supprimée", "entry " + expected + " missing: deleted");
        } else {
            w.fail(seq, "entree-supprimee", "entrées " + expected + " à " + (seq - 1) + " absentes : supprimées",
                    "entries " + expected + " to " + (seq - 1) + " missing: deleted");
        }
    }

    private void checkpoint(Walk w, AuditLog.Checkpoint cp, String hash) {
        if (!mac.checkpointMatches(cp.seq(), cp.hash(), cp.mac())) {
            w.fail(cp.seq(), "point-de-controle-forge", "point de contrôle forgé : MAC invalide", "forged checkpoint: invalid MAC");
        } else if (!cp.hash().equals(hash)) {
            w.fail(cp.seq(), "point-de-controle-different", "point de contrôle différent de l'entrée : journal réécrit jusqu'à cette entrée",
                    "checkpoint differs from the entry: log rewritten up to this entry");
        }
    }

    /** What lies beyond the last entry: checkpoints and anchors there mean entries were deleted from the end. */
    private void afterTheLast(Walk w, List<AuditLog.Checkpoint> checkpoints, List<Anchored> anchors, AuditAnchor.State state) {
        long last = w.expected - 1;
        for (AuditLog.Checkpoint beyond : checkpoints) {
            if (beyond.seq() > last && !mac.checkpointMatches(beyond.seq(), beyond.hash(), beyond.mac())) {
                w.fail(beyond.seq(), "point-de-controle-forge", "point de contrôle forgé : MAC invalide", "forged checkpoint: invalid MAC");
                return;
            }
        }
        AuditLog.Checkpoint lastCp = checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
        if (lastCp != null && lastCp.seq() > last) {
            truncated(w, last, lastCp.seq(), "le point de contrôle " + lastCp.seq(), "checkpoint " + lastCp.seq());
            return;
        }
        Anchored furthest = anchors.isEmpty() ? null : anchors.get(anchors.size() - 1);
        if (furthest != null && furthest.line().seq() > last) {
            truncated(w, last, furthest.line().seq(), furthest.where() + when(furthest.line()), furthest.whereEn());
            return;
        }
        if (!state.unreadable().isEmpty()) {
            w.fail(last + 1, "ancrage-illisible", "fichier d'ancrage " + anchorFile + " altéré, ligne " + state.unreadable().get(0),
                    "anchor file " + anchorFile + " altered, line " + state.unreadable().get(0));
        } else if (!state.exists() && w.signedSeen) {
            w.fail(last + 1, "ancrage-absent", "fichier d'ancrage " + anchorFile + " absent alors que le journal a des entrées signées : supprimé ?",
                    "anchor file " + anchorFile + " missing although the log has signed entries: deleted?");
        }
    }

    private static void truncated(Walk w, long last, long attested, String by, String byEn) {
        if (last == 0) {
            w.fail(1, "journal-vide", "journal vidé : " + by + " atteste " + attested + " entrées, il n'en reste aucune",
                    "log emptied: " + byEn + " attests " + attested + " entries, none is left");
        } else {
            w.fail(last + 1, "journal-tronque", "journal tronqué : " + by + " atteste " + attested + " entrées, il n'en reste que " + last,
                    "log truncated: " + byEn + " attests " + attested + " entries, only " + last + " are left");
        }
    }

    private static String when(AuditLog.Anchor line) {
        return line.at() == null ? "" : " le " + line.at();
    }
}
