package fr.geoeduc.server.ogcapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Tiles already built, least recently used first out, within a bound on the bytes held. A key names the collection, its
 * version number, the caller's view (open data, or a convention and its client) and the request, so a new version is
 * a new key and two views never share an entry. An empty tile is kept as an entry without bytes.
 */
final class TileCache {

    /** What identifies a tile's content; {@code view} is "open" or the convention ref and the client. */
    record Key(String collection, int version, String view, String tile, String properties) {
    }

    /**
     * A tile's bytes (null for an empty tile), its strong ETag, and for a kept tile its gzip form (null otherwise), so
     * that the many clients asking for it compressed (every browser) do not have it compressed again on each request.
     */
    record Entry(byte[] body, String etag, byte[] gzipped) {
        Entry(byte[] body, String etag) {
            this(body, etag, null);
        }

        int weight() {
            return (body == null ? 0 : body.length) + (gzipped == null ? 0 : gzipped.length) + 128;
        }
    }

    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private final ConcurrentHashMap<Key, CompletableFuture<Entry>> building = new ConcurrentHashMap<>();

    TileCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized Entry find(Key key) {
        return entries.get(key);
    }

    /**
     * The cached entry or a new one from {@code build} (tiles larger than the bound are served but not kept). A key is
     * built once at a time: requests for a tile that is being built wait for that build and share its answer (or its
     * exception), even when the cache keeps nothing.
     */
    Entry get(Key key, Supplier<byte[]> build) {
        Entry found = find(key);
        if (found != null) {
            return found;
        }
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> running = building.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            Entry entry = find(key);
            if (entry == null) {
                byte[] body = build.get();
                entry = new Entry(body, etag(key, body), maxBytes > 0 && body != null ? gzip(body) : null);
                put(key, entry);
            }
            mine.complete(entry);
            return entry;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            building.remove(key, mine);
        }
    }

    private static Entry await(CompletableFuture<Entry> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Keys being built now (for tests). */
    int building() {
        return building.size();
    }

    /** A tile built for this request only (a convention's view: each of its reads passes the pipeline and its audit). */
    static Entry uncached(Key key, Supplier<byte[]> build) {
        byte[] body = build.get();
        return new Entry(body, etag(key, body));
    }

    private synchronized void put(Key key, Entry entry) {
        if (entry.weight() > maxBytes) {
            return;
        }
        Entry old = entries.put(key, entry);
        bytes += entry.weight() - (old == null ? 0 : old.weight());
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<Key, Entry> eldest = it.next();
            bytes -= eldest.getValue().weight();
            it.remove();
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int size() {
        return entries.size();
    }

    static byte[] gzip(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length / 2 + 64);
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A strong ETag from the content and the view (two views with equal bytes still get distinct tags). */
    static String etag(Key key, byte[] body) {
        try {
            MessageDigest sha = (MessageDigest) SHA_256.clone();
            sha.update((key.collection() + "@" + key.version() + "|" + key.view()).getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                sha.update(body);
            }
            return "\"" + HexFormat.of().formatHex(sha.digest(), 0, 16) + "\"";
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cloned for each tag: cheaper than looking the algorithm up among the providers on every tile. */
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
