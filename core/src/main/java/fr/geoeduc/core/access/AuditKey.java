package fr.geoeduc.core.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The audit key of a data directory: the 32 bytes of {@code audit.key}, next to the other keys of the data directory
 * ({@code token.key}, {@code session.key}) and never in the database. Every audit entry and checkpoint is signed with it.
 */
final class AuditKey {

    static final String FILE = "audit.key";
    private static final int BYTES = 32;

    private AuditKey() {
    }

    /**
     * The key of {@code dataDir}, created with random bytes (owner read/write only, 600, where the file system has POSIX
     * permissions) on first use. Whoever holds it can sign entries: keep it out of the database and of its backups' reach.
     */
    static byte[] loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                byte[] key = Secrets.randomBytes(BYTES);
                try {
                    create(file, key);
                    return key;
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: read theirs
                }
            }
            for (int attempt = 0; ; attempt++) {
                byte[] key = Files.readAllBytes(file);
                if (key.length == BYTES) {
                    return key;
                }
                if (attempt >= 50) {
                    throw new IllegalStateException("the audit key " + file + " is corrupt: " + key.length + " bytes instead of " + BYTES
                            + " (restore it from a backup; a new key would make every signed entry look forged)");
                }
                sleep(); // another process is still writing it
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the audit key " + file + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path file, byte[] key) throws IOException {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rw-------");
        try (var ch = posix
                ? Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(perms))
                : Files.newByteChannel(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(key));
        }
        if (posix) {
            Files.setPosixFilePermissions(file, perms); // in case the umask was stricter or looser than asked
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
