package fr.geoeduc.core.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names of the files kept per dataset version next to the store ({@code v<N>-<suffix>}: column files, polygon
 * indexes), read when older versions' files are cleaned up.
 */
public final class VersionFiles {

    private static final long STALE_PART_MS = 3_600_000;

    private VersionFiles() {
    }

    /** The version number a {@code v<N>-…} file name carries; {@link Integer#MAX_VALUE} (never older) for another name. */
    public static int versionOf(String fileName) {
        try {
            return Integer.parseInt(fileName.substring(1, fileName.indexOf('-')));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** A temporary {@code .part} file left an hour ago or more, by a process that died before its atomic move. */
    public static boolean isStalePart(Path file) throws IOException {
        return file.getFileName().toString().endsWith(".part")
                && Files.getLastModifiedTime(file).toMillis() < System.currentTimeMillis() - STALE_PART_MS;
    }
}
