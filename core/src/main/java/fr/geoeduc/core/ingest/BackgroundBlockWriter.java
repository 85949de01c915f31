package fr.geoeduc.core.ingest;

import fr.geoeduc.core.store.VersionWriter;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands blocks of processed rows to the version writer on a second thread, so that reading and checking the
 * file (this thread) and encoding, compressing and storing blocks (the other) overlap. Blocks are written in
 * the order given; at most {@value #IN_FLIGHT} wait, which bounds memory. A failure of the writer thread is
 * rethrown to the caller at its next {@link #write} or at {@link #finish}; nothing is published either way.
 */
final class BackgroundBlockWriter implements AutoCloseable {

    private static final int IN_FLIGHT = 2;
    private static final List<Object[]> END = List.of();

    private final VersionWriter writer;
    private final BlockingQueue<List<Object[]>> queue = new ArrayBlockingQueue<>(IN_FLIGHT);
    private final Thread thread;
    private volatile RuntimeException failure;

    BackgroundBlockWriter(VersionWriter writer) {
        this.writer = writer;
        this.thread = Thread.ofPlatform().name("geoeduc-ingest-writer").daemon(true).start(this::run);
    }

    private void run() {
        try {
            while (true) {
                List<Object[]> block = queue.take();
                if (block == END) {
                    return;
                }
                writer.write(block);
            }
        } catch (InterruptedException e) {
            // stopped by close(): the ingest failed on the reading side
        } catch (RuntimeException e) {
            failure = e;
            queue.clear(); // unblock a producer waiting for room
        } catch (Error e) {
            failure = new IllegalStateException(e.toString(), e);
            queue.clear();
        }
    }

    /** Queues a block (the list is not copied: the caller must not reuse it). */
    void write(List<Object[]> block) {
        rethrow();
        if (block.isEmpty()) {
            return;
        }
        try {
            while (!queue.offer(block, 100, TimeUnit.MILLISECONDS)) {
                rethrow();
                if (!thread.isAlive()) {
                    throw new IllegalStateException("the block writer stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException("ingest interrupted; nothing was published", e);
        }
    }

    /** Waits until every queued block is written; rethrows the writer thread's failure. */
    void finish() {
        rethrow();
        try {
            while (!queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
                rethrow();
            }
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException("ingest interrupted; nothing was published", e);
        }
        rethrow();
    }

    private void rethrow() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    /** Stops the writer thread if {@link #finish} was not reached (an error on this side), before the version writer closes. */
    @Override
    public void close() {
        if (thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
