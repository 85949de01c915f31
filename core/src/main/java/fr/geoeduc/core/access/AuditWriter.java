package fr.geoeduc.core.access;

import fr.geoeduc.core.store.StoreException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes the audit log's database write off the request path. {@link #submit} writes the entry to this process's
 * {@link AuditJournal} (one system call, no database round trip) and queues it; one background thread chains the
 * queued entries into the {@link AuditLog} in batches, in submission order. A process that dies keeps its
 * journal, which the next writer opened on the same data directory replays (entries are never chained twice).
 * Readers of the log ({@code verify}, {@code show}) first wait for the entries already submitted.
 */
public final class AuditWriter implements AutoCloseable {

    private static final int BATCH = 1024;
    private static final int QUEUE = 100_000;
    /**
     * How long the writer lets entries gather: at most one transaction per interval (group commit), unless a reader
     * waits in {@link #flush}, which wakes it up; requests never do. An entry is on disk in the journal before its
     * request goes on, whatever the interval: the interval only delays its copy in the database and the anchor file.
     * A transaction costs mostly its commit (measured: 5 ms let a request every 3 ms commit one or two entries at a
     * time, 50 ms gathers a dozen or more).
     */
    private static final long INTERVAL_MILLIS = 50;
    private static final long FLUSH_TIMEOUT_MILLIS = 30_000;
    private static final long SHUTDOWN_FLUSH_MILLIS = 5_000;

    private final AuditLog log;
    private final AuditJournal journal;
    private final java.util.concurrent.ConcurrentLinkedQueue<AuditJournal.Written> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicLong submitted = new AtomicLong();
    /** Readers waiting in {@link #flush}: the writer does not wait for the interval while there are any. */
    private final java.util.concurrent.atomic.AtomicInteger flushWaiters = new java.util.concurrent.atomic.AtomicInteger();
    private final Object progress = new Object();
    private long chained;
    private volatile String failure;
    private volatile boolean open = true;
    private volatile Thread thread;
    private Thread shutdownHook;

    /** Replays the journals that stopped processes left in {@code journalDir}, then accepts entries. */
    public AuditWriter(AuditLog log, Path journalDir) {
        this.log = log;
        this.journal = new AuditJournal(journalDir);
        AuditJournal.Orphans orphans = AuditJournal.orphans(journalDir);
        if (!orphans.entries().isEmpty()) {
            log.replay(orphans.entries());
        }
        AuditJournal.delete(orphans.files());
        log.beforeReads(this::flush);
    }

    /** Journals the entry and queues it for the log; returns once the entry is on disk in the journal. */
    public void submit(AuditEntry entry) {
        if (!open) {
            throw new IllegalStateException("the audit writer is closed");
        }
        synchronized (this) {
            startIfNeeded();
            AuditJournal.Written written = journal.write(entry);
            long waiting = submitted.incrementAndGet() - chainedSoFar();
            queue.add(written);
            if (waiting > QUEUE) {
                flush(); // the database is far behind: hold the callers back rather than grow without bound
            }
        }
    }

    private long chainedSoFar() {
        synchronized (progress) {
            return chained;
        }
    }

    private void startIfNeeded() {
        if (thread != null) {
            return;
        }
        thread = Thread.ofPlatform().name("geoeduc-audit-writer").daemon(true).start(this::run);
        shutdownHook = new Thread(this::closeQuietly, "geoeduc-audit-flush");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void run() {
        List<AuditJournal.Written> batch = new ArrayList<>(BATCH);
        while (open || !queue.isEmpty()) {
            try {
                AuditJournal.Written next;
                while (batch.size() < BATCH && (next = queue.poll()) != null) {
                    batch.add(next);
                }
                if (!batch.isEmpty()) {
                    chainWithRetries(batch);
                    batch.clear();
                }
                if (open && flushWaiters.get() == 0 && submitted.get() - chainedSoFar() < BATCH) {
                    java.util.concurrent.locks.LockSupport.parkNanos(this, INTERVAL_MILLIS * 1_000_000);
                }
                // close() interrupts: clear the flag, or the anchor file's channel would be closed by the next write
                if (Thread.interrupted() && !open && queue.isEmpty()) {
                    return;
                }
            } catch (InterruptedException e) {
                if (!open && queue.isEmpty()) {
                    return;
                }
            }
        }
    }

    private void chainWithRetries(List<AuditJournal.Written> batch) throws InterruptedException {
        List<AuditLog.Prepared> entries = batch.stream().map(AuditJournal.Written::entry).toList();
        long backoff = 50;
        boolean retry = false;
        while (true) {
            try {
                if (retry) {
                    log.replay(entries); // the failed attempt may have committed: skip what the log has
                } else {
                    log.appendAll(entries);
                }
                break;
            } catch (RuntimeException e) {
                // the entries stay in the journal; keep trying, readers waiting in flush() see why
                failure = e.getMessage();
                retry = true;
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 2000);
            }
        }
        journal.chained(batch.stream().map(AuditJournal.Written::segment).toList());
        synchronized (progress) {
            chained += batch.size();
            failure = null;
            progress.notifyAll();
        }
    }

    /** Waits until every entry submitted so far is in the log. */
    public void flush() {
        flush(FLUSH_TIMEOUT_MILLIS);
    }

    private void flush(long timeoutMillis) {
        long target = submitted.get();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        flushWaiters.incrementAndGet();
        try {
            waitFor(target, deadline, timeoutMillis);
        } finally {
            flushWaiters.decrementAndGet();
        }
    }

    private void waitFor(long target, long deadline, long timeoutMillis) {
        synchronized (progress) {
            while (chained < target) {
                Thread writer = thread;
                if (writer != null) {
                    java.util.concurrent.locks.LockSupport.unpark(writer); // no waiting for the interval
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new StoreException("audit entries still waiting for the database after " + timeoutMillis / 1000
                            + " s (they are kept in the journal)" + (failure == null ? "" : ": " + failure), null);
                }
                try {
                    progress.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while waiting for the audit log", e);
                }
            }
        }
    }

    /** The number of entries submitted and not yet in the log. */
    public long pending() {
        synchronized (progress) {
            return submitted.get() - chained;
        }
    }

    /** Writes what is queued, stops the thread and deletes the journal when everything is in the log. */
    @Override
    public void close() {
        Thread hook;
        synchronized (this) {
            hook = shutdownHook;
            shutdownHook = null;
        }
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook itself is running
            }
        }
        close(FLUSH_TIMEOUT_MILLIS);
    }

    /** The shutdown hook: what the database cannot take within a few seconds stays in the journal for the next process. */
    private void closeQuietly() {
        close(SHUTDOWN_FLUSH_MILLIS);
    }

    private void close(long flushMillis) {
        try {
            if (open) {
                flush(flushMillis);
            }
        } catch (RuntimeException e) {
            System.err.println("audit: " + e.getMessage());
        } finally {
            open = false;
            Thread t = thread;
            if (t != null) {
                t.interrupt();
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            journal.close();
        }
    }
}
