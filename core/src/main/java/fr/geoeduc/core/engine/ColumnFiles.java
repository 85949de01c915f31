package fr.geoeduc.core.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the columns of a large version live instead of the heap: one file per vector in a directory of the data
 * directory (or the temporary directory), memory-mapped read-write while the column is built and read in place
 * afterwards. The file is unlinked as soon as it is mapped, so its disk space returns when the mapping is collected
 * with its snapshot, and a crashed process leaves nothing behind. Pages are the kernel's: written back to disk and
 * dropped under memory pressure, so a version is bounded by the disk and the page cache, not by {@code -Xmx}.
 */
public final class ColumnFiles {

    private final Path directory;

    public ColumnFiles(Path directory) {
        this.directory = directory;
    }

    MappedByteBuffer map(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("column of " + bytes + " bytes: over the 2 GiB of one mapping");
        }
        try {
            Files.createDirectories(directory);
            Path file = Files.createTempFile(directory, "column-", ".bin");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                MappedByteBuffer buffer = ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
                buffer.order(ByteOrder.nativeOrder());
                return buffer;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map a column file in " + directory, e);
        }
    }
}
