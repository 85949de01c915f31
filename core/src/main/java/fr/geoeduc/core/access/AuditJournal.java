package fr.geoeduc.core.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This process's write-ahead journal of audit entries not yet chained into the log. Each entry is copied into a
 * memory-mapped file of {@code dir} (no system call, no fsync: the kernel's page cache keeps it when the process
 * dies, which is what a crash between the decision and the database commit would otherwise lose) before the request
 * goes on; a segment is deleted once all its entries are in the log. Segments are created zero-filled: their text
 * ends at the first NUL byte. A process that died leaves its segments behind: {@link #orphans}
 * finds them (files of journals no longer open) for the next process to replay.
 *
 * <p>Whether a journal is still open is told by a lock, not by process ids (pids are reused and are not comparable
 * across PID namespaces, and process start times move with the clock): each journal holds an exclusive lock on its
 * {@code <tag>.lock} file for as long as it is open; the operating system releases it when the process dies. A
 * segment whose lock file is missing or can be locked belongs to a closed journal.
 *
 * <p>What a crash can lose: nothing when the process dies (the page cache keeps the mapped segment); entries journalled
 * but not yet committed to the log (up to the writer's interval, 50 ms, of them) when the machine itself loses power, since the
 * segment is not forced to disk entry by entry — that would cost an fsync per request.
 *
 * <p>File names: {@code <pid>-<process start, epoch ms>-<journal of the process>-<segment>.journal}; one line per
 * entry: {@code origin TAB at TAB canonical JSON} (the JSON has no raw tab or newline). The origin
 * {@code <pid>-<start>-<journal>-<n>} is unique and kept in the log's {@code origin} column, so a replay never appends twice.
 */
final class AuditJournal implements AutoCloseable {

    static final int SEGMENT_BYTES = 1 << 20;
    private static final Pattern FILE = Pattern.compile("((\\d+)-(\\d+)-(\\d+))-(\\d+)\\.journal");
    /** Tags of the journals open in this JVM: their lock files must not be opened again here (closing any channel on a
     * file releases this process's POSIX locks on it). */
    private static final java.util.Set<String> OPEN_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES = new java.util.concurrent.atomic.AtomicInteger();

    /** A journal file; {@code pending} counts its entries not yet in the log. */
    static final class Segment {
        private final Path file;
        private final FileChannel channel;
        private final java.nio.MappedByteBuffer map;
        private int pending;
        private boolean retired;

        private Segment(Path file, int size) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    fr.geoeduc.core.store.PrivateFiles.owner());
            this.map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        }
    }

    /** An entry written to the journal, ready to be chained. */
    record Written(AuditLog.Prepared entry, Segment segment) {
    }

    /** What stopped processes left: their entries in order, and the files to delete once they are in the log. */
    record Orphans(List<AuditLog.Prepared> entries, List<Path> files) {
    }

    private final Path dir;
    private final String tag;
    private final List<Segment> retired = new ArrayList<>();
    private Segment current;
    private int segments;
    private long counter;
    private FileChannel lockChannel;
    private java.nio.channels.FileLock lock;

    AuditJournal(Path dir) {
        this.dir = dir;
        ProcessHandle self = ProcessHandle.current();
        this.tag = self.pid() + "-" + startMillis(self).orElse(System.currentTimeMillis()) + "-" + INSTANCES.incrementAndGet();
    }

    /** Takes this journal's lock (before its first segment exists), so that no other process replays it while open. */
    private void lockOnce() throws IOException {
        if (lock != null) {
            return;
        }
        fr.geoeduc.core.store.PrivateFiles.directory(dir);
        OPEN_HERE.add(tag);
        lockChannel = FileChannel.open(lockFile(dir, tag), java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                fr.geoeduc.core.store.PrivateFiles.owner());
        lock = lockChannel.tryLock();
        if (lock == null) {
            throw new IOException("the audit journal lock " + lockFile(dir, tag) + " is held by another process");
        }
    }

    private static Path lockFile(Path dir, String tag) {
        return dir.resolve(tag + ".lock");
    }

    /** Writes the entry (masked, canonical) to the current segment and returns it with its origin. */
    synchronized Written write(AuditEntry entry) {
        AuditLog.Prepared prepared = AuditLog.prepare(entry, tag + "-" + (++counter));
        byte[] line = (prepared.origin() + "\t" + prepared.at() + "\t" + prepared.json() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (current == null || current.map.remaining() < line.length) {
                rotate(line.length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit journal in " + dir + ": " + e.getMessage(), e);
        }
        current.map.put(line);
        current.pending++;
        return new Written(prepared, current);
    }

    private void rotate(int atLeast) throws IOException {
        lockOnce();
        if (current != null) {
            current.retired = true;
            retired.add(current);
        }
        current = new Segment(dir.resolve(tag + "-" + (++segments) + ".journal"), Math.max(SEGMENT_BYTES, atLeast));
    }

    /** The entries are in the log: segments no longer written and fully chained are deleted. */
    synchronized void chained(List<Segment> segmentsOfEntries) {
        for (Segment s : segmentsOfEntries) {
            s.pending--;
        }
        retired.removeIf(s -> {
            if (s.pending > 0) {
                return false;
            }
            closeAndDelete(s);
            return true;
        });
    }

    /** Closes the current segment, deleting it when everything written is in the log (else it waits for a replay). */
    @Override
    public synchronized void close() {
        boolean everythingChained = retired.isEmpty() && (current == null || current.pending == 0);
        if (current != null && current.pending == 0) {
            closeAndDelete(current);
            current = null;
        } else if (current != null) {
            closeQuietly(current);
        }
        if (lockChannel != null) {
            try {
                if (everythingChained) {
                    Files.deleteIfExists(lockFile(dir, tag));
                }
                lockChannel.close(); // releases the lock: what is left is now an orphan for the next process
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
            lockChannel = null;
            lock = null;
        }
        OPEN_HERE.remove(tag);
    }

    private static void closeAndDelete(Segment s) {
        closeQuietly(s);
        try {
            Files.deleteIfExists(s.file);
        } catch (IOException ignored) {
            // a leftover segment is replayed later, and its entries are skipped by origin
        }
    }

    private static void closeQuietly(Segment s) {
        try {
            s.channel.close();
        } catch (IOException ignored) {
            // nothing buffered on our side: every entry was written by its own write
        }
    }

    /** The segments of processes that are no longer running, in process and segment order; an unfinished last line is ignored. */
    static Orphans orphans(Path dir) {
        if (!Files.isDirectory(dir)) {
            return new Orphans(List.of(), List.of());
        }
        List<Path> files = new ArrayList<>();
        List<Path> staleLocks = new ArrayList<>();
        java.util.Map<String, Boolean> openByTag = new java.util.HashMap<>(); // a journal's segments share one lock
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path f : stream) {
                String name = f.getFileName().toString();
                Matcher m = FILE.matcher(name);
                if (m.matches() && !openByTag.computeIfAbsent(m.group(1), tag -> open(dir, tag))) {
                    files.add(f);
                } else if (name.endsWith(".lock") && staleLock(f, name.substring(0, name.length() - ".lock".length()))) {
                    staleLocks.add(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the audit journals in " + dir + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing((Path f) -> group(f, 3)).thenComparing(f -> group(f, 2)).thenComparing(f -> group(f, 4))
                .thenComparing(f -> group(f, 5)));
        List<AuditLog.Prepared> entries = new ArrayList<>();
        for (Path f : files) {
            try {
                byte[] bytes = Files.readAllBytes(f);
                int used = 0;
                while (used < bytes.length && bytes[used] != 0) {
                    used++;
                }
                String text = new String(bytes, 0, used, StandardCharsets.UTF_8);
                int end = text.lastIndexOf('\n');
                for (String line : end < 0 ? new String[0] : text.substring(0, end).split("\n")) {
                    String[] parts = line.split("\t", 3);
                    if (parts.length == 3 && AuditLog.parse(parts[2]) != null) {
                        entries.add(new AuditLog.Prepared(parts[2], parts[1], parts[0]));
                    }
                }
            } catch (NoSuchFileException gone) {
                // replayed and deleted by another process meanwhile
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the audit journal " + f + ": " + e.getMessage(), e);
            }
        }
        List<Path> toDelete = new ArrayList<>(files);
        toDelete.addAll(staleLocks);
        return new Orphans(entries, toDelete);
    }

    /**
     * A lock file left without segments by a journal closed or dead. A young one is kept: its journal may be between
     * creating the file and locking it.
     */
    private static boolean staleLock(Path lockFile, String tag) {
        try {
            return Files.getLastModifiedTime(lockFile).toInstant().isBefore(Instant.now().minusSeconds(60)) && !open(lockFile.getParent(), tag);
        } catch (IOException e) {
            return false;
        }
    }

    private static long group(Path f, int group) {
        Matcher m = FILE.matcher(f.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(group)) : 0;
    }

    /** True when the journal of that tag is open, here or in another process (its lock is held). */
    private static boolean open(Path dir, String tag) {
        if (OPEN_HERE.contains(tag)) {
            return true;
        }
        Path lockFile = lockFile(dir, tag);
        if (!Files.exists(lockFile)) {
            return false;
        }
        // read-only with a shared lock: enough to tell an exclusive holder, and possible when another user wrote the file
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.READ)) {
            java.nio.channels.FileLock probe = ch.tryLock(0, Long.MAX_VALUE, true);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (NoSuchFileException gone) {
            return false;
        } catch (java.nio.channels.OverlappingFileLockException heldHere) {
            return true;
        } catch (IOException e) {
            // cannot tell: leave the segment alone rather than replay a journal that may still be written
            return true;
        }
    }

    private static Optional<Long> startMillis(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toEpochMilli);
    }

    static void delete(List<Path> files) {
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (m.matches()) {
                    Files.deleteIfExists(lockFile(f.getParent(), m.group(1)));
                }
            } catch (IOException ignored) {
                // replayed entries are skipped by origin if the file is read again
            }
        }
    }
}
