package fr.geoeduc.core.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads a source on its own thread, in batches, while the caller's thread checks the rows already read: parsing
 * the file and processing its rows overlap on two cores. Rows arrive in file order; a parse error is rethrown to
 * the caller at the point of the stream where it happened, and an error of the caller stops the reading thread.
 */
final class PrefetchingSource implements RawSource {

    private static final int BATCH = 512;
    private static final int BATCHES_IN_FLIGHT = 4;

    /** The end of the rows, or the failure that ended them. */
    private record End(RuntimeException failure) {
    }

    /** Thrown inside the reading thread to unwind the source's loop when the caller stopped. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private final RawSource source;

    PrefetchingSource(RawSource source) {
        this.source = source;
    }

    @Override
    public List<String> header() {
        return source.header();
    }

    @Override
    public String format() {
        return source.format();
    }

    @Override
    public String sha256() {
        return source.sha256();
    }

    @Override
    public int geometryColumn() {
        return source.geometryColumn();
    }

    @Override
    public void forEach(Consumer<RawRow> consumer) {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
        boolean[] stop = new boolean[1];
        Thread reader = Thread.ofPlatform().name("geoeduc-ingest-reader").daemon(true).start(() -> {
            List<RawRow> batch = new ArrayList<>(BATCH);
            RuntimeException failure = null;
            try {
                source.forEach(row -> {
                    batch.add(row);
                    if (batch.size() == BATCH) {
                        put(queue, List.copyOf(batch), stop);
                        batch.clear();
                    }
                });
                if (!batch.isEmpty()) {
                    put(queue, List.copyOf(batch), stop);
                }
            } catch (Stopped stopped) {
                return;
            } catch (RuntimeException e) {
                failure = e;
            } catch (Error e) {
                failure = new IllegalStateException(e.toString(), e);
            }
            try {
                put(queue, new End(failure), stop);
            } catch (Stopped stopped) {
                // the caller is gone
            }
        });
        boolean finished = false;
        try {
            while (true) {
                Object next = queue.take();
                if (next instanceof End end) {
                    finished = true;
                    if (end.failure() != null) {
                        throw end.failure();
                    }
                    return;
                }
                @SuppressWarnings("unchecked")
                List<RawRow> rows = (List<RawRow>) next;
                for (RawRow row : rows) {
                    consumer.accept(row);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException("ingest interrupted; nothing was published", e);
        } finally {
            if (!finished) {
                synchronized (stop) {
                    stop[0] = true;
                }
                queue.clear();
                reader.interrupt();
                joinQuietly(reader);
            } else {
                joinQuietly(reader);
            }
        }
    }

    private static void put(BlockingQueue<Object> queue, Object item, boolean[] stop) {
        try {
            while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                synchronized (stop) {
                    if (stop[0]) {
                        throw new Stopped();
                    }
                }
            }
        } catch (InterruptedException e) {
            throw new Stopped();
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
