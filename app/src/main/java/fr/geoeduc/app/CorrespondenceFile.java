package fr.geoeduc.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.ToLongFunction;

/**
 * Writes a pseudonym correspondence table so that it is complete on disk before the key it was built from is
 * replaced: readable by the owner only, written to a temporary file beside the target, forced to disk, then linked
 * into place in one step (never over an existing file) and the directory forced. A failure leaves no file at the
 * target.
 */
final class CorrespondenceFile {

    private CorrespondenceFile() {
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // some systems cannot open a directory: the file itself was forced
        }
    }

    /** Writes the table with {@code content} and returns what it returns (the number of pairs). */
    static long write(Path target, ToLongFunction<Writer> content) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            if (Files.exists(target)) {
                throw new IllegalArgumentException(target + " exists: choose a new file for the correspondence table");
            }
            temp = Files.createTempFile(dir, "." + target.getFileName() + "-", ".partial");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the file keeps the directory's permissions
            }
            long written;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                Writer w = new java.io.BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8), 1 << 16);
                written = content.applyAsLong(w);
                w.flush();
                channel.force(true);
            }
            // a hard link fails if the target exists (no silent replacement), then the directory entry is forced too
            try {
                Files.createLink(target, temp);
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException noHardLinks) {
                if (noHardLinks instanceof java.nio.file.FileAlreadyExistsException exists) {
                    throw exists;
                }
                Files.move(temp, target); // without options: fails rather than replace an existing file
                temp = null;
            }
            if (temp != null) {
                try {
                    Files.delete(temp);
                } catch (IOException leftOver) {
                    System.err.println("attention : fichier temporaire restant / temporary file left: " + temp);
                }
                temp = null;
            }
            forceDirectory(dir);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a hidden .partial file is all that remains
                }
            }
        }
    }
}
