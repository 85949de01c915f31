package fr.geoeduc.core.access;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The anchor file of the audit log, {@value #FILE} in the data directory, outside the database: after every commit the
 * appending process adds one line {@code <entry count> <hash of the last entry> <date UTC>}. The file is only ever
 * appended to; a log in the database that is shorter than a line says, or whose entry at that count has another hash,
 * was truncated or rewritten. The first line after the header, {@code debut <count> <date>}, says from which count on
 * this file anchors the log (a store upgraded, or a data directory added to a store shared by several servers).
 * {@code geoeduc audit anchor} prints the current line, for the operator to keep somewhere the server cannot write.
 */
final class AuditAnchor {

    static final String FILE = "audit.anchor";
    private static final String START = "debut";

    /** What the file says: whether it exists, its lines sorted by seq, where it starts, the lines it could not read. */
    record State(boolean exists, List<AuditLog.Anchor> lines, AuditLog.Anchor start, List<String> unreadable) {
        static State absent() {
            return new State(false, List.of(), null, List.of());
        }
    }

    private final Path file;
    private FileChannel channel;
    private long lastWritten = -1;

    AuditAnchor(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /**
     * Appends the line of a head the log has committed (once per head in this process). Written after the commit, so
     * the file never runs ahead of the database; one write of the append-only file, no fsync.
     */
    synchronized void record(long seq, String hash) throws IOException {
        if (seq == lastWritten || seq == 0) {
            return;
        }
        FileChannel ch = open(seq);
        ch.write(ByteBuffer.wrap((new AuditLog.Anchor(seq, hash, now()).text() + "\n").getBytes(StandardCharsets.US_ASCII)));
        lastWritten = seq;
    }

    /** The open file; created (header and {@code debut} line) when missing, reopened when it was moved or deleted. */
    private FileChannel open(long seq) throws IOException {
        if (channel != null && Files.exists(file)) {
            return channel;
        }
        if (channel != null) {
            channel.close();
            channel = null;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            FileChannel created = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                    fr.geoeduc.core.store.PrivateFiles.owner());
            String header = "# GéoÉduc : ancrage du journal d'audit, une ligne par validation : nombre d'entrées, hash de la dernière, date UTC\n"
                    + "# GéoÉduc audit log anchor, one line per commit: entry count, hash of the last entry, date UTC\n"
                    + START + " " + seq + " " + now() + "\n";
            created.write(ByteBuffer.wrap(header.getBytes(StandardCharsets.UTF_8)));
            channel = created;
        } catch (FileAlreadyExistsException raced) {
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        fr.geoeduc.core.store.PrivateFiles.restrict(file);
        return channel;
    }

    private static String now() {
        return AuditEntry.atText(Instant.now());
    }

    static State read(Path file) {
        List<AuditLog.Anchor> lines = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        AuditLog.Anchor start = null;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int number = 0;
            while ((text = in.readLine()) != null) {
                number++;
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                if (text.startsWith(START + " ")) {
                    String[] parts = text.split(" ", 3);
                    if (start == null && parts.length == 3 && parts[1].matches("\\d{1,18}")) {
                        start = new AuditLog.Anchor(Long.parseLong(parts[1]), null, parts[2]);
                        continue;
                    }
                }
                AuditLog.Anchor line = AuditLog.Anchor.parse(text);
                if (line == null) {
                    unreadable.add(number + ": " + text);
                } else {
                    lines.add(line);
                }
            }
        } catch (NoSuchFileException missing) {
            return State.absent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit anchor " + file + ": " + e.getMessage(), e);
        }
        lines.sort(Comparator.comparingLong(AuditLog.Anchor::seq)); // several processes append: nearly sorted, not quite
        return new State(true, List.copyOf(lines), start, List.copyOf(unreadable));
    }
}
