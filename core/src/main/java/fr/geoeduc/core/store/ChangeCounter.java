package fr.geoeduc.core.store;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A counter shared by every process on this machine that opens the same file: eight bytes of a memory-mapped file,
 * read and incremented atomically. Processes share the page, so an increment is seen by the next read of any
 * of them, without a system call or a database round trip. Used to tell caches that the data they copied changed.
 */
public final class ChangeCounter implements AutoCloseable {

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private final FileChannel channel;
    private final MappedByteBuffer map;

    private ChangeCounter(FileChannel channel, MappedByteBuffer map) {
        this.channel = channel;
        this.map = map;
    }

    public static ChangeCounter open(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    PrivateFiles.owner());
            PrivateFiles.restrict(file);
            return new ChangeCounter(channel, channel.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES));
        } catch (IOException e) {
            throw new StoreException("cannot open the change counter " + file + ": " + e.getMessage(), e);
        }
    }

    public long get() {
        return (long) LONG.getVolatile(map, 0);
    }

    public void increment() {
        LONG.getAndAdd(map, 0, 1L);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the mapping stays valid until it is collected; nothing is buffered
        }
    }
}
