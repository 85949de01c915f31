package fr.geoeduc.core.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Remembers that every section checksum of a column file was checked (or computed while writing it): a small file
 * next to it ({@code <name>.ok}) that names the file as the file system sees it — size, modification and change times,
 * inode — and its footer's CRC. A restart whose file still matches skips reading the whole file to check it again
 * (2.3 GB for 12 million géolocalisation rows); any write to the file, a copy or a replacement changes one of these,
 * and the next open checks every section again.
 */
final class VerifiedStamp {

    static final String SUFFIX = ".ok";

    private VerifiedStamp() {
    }

    static Path of(Path file) {
        return file.resolveSibling(file.getFileName() + SUFFIX);
    }

    /** True when the stamp names this very file, unchanged since it was checked, with this footer. */
    static boolean holds(Path file, int footerCrc) {
        Path stamp = of(file);
        try {
            return Files.exists(stamp) && Files.readString(stamp, StandardCharsets.UTF_8).equals(describe(file, footerCrc));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Records that the file, as it is now, was checked; a failure only means the next open checks it again. */
    static void record(Path file, int footerCrc) {
        Path stamp = of(file);
        try {
            Path tmp = Files.createTempFile(file.getParent(), stamp.getFileName().toString() + ".", ".part");
            try {
                Files.writeString(tmp, describe(file, footerCrc), StandardCharsets.UTF_8);
                Files.move(tmp, stamp, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            forget(file);
        }
    }

    static void forget(Path file) {
        try {
            Files.deleteIfExists(of(file));
        } catch (IOException ignored) {
            // a stamp that names another file's identity never holds
        }
    }

    private static String describe(Path file, int footerCrc) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        Object changed;
        try {
            changed = Files.getAttribute(file, "unix:ctime");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            changed = "-";
        }
        return "size=" + a.size() + "\nmodified=" + a.lastModifiedTime().toInstant() + "\nchanged=" + changed
                + "\nkey=" + a.fileKey() + "\nfooter-crc32c=" + Integer.toHexString(footerCrc) + "\n";
    }
}
