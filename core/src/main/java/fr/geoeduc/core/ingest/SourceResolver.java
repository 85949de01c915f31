package fr.geoeduc.core.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/** Turns a path or an http(s) URL into a local {@link SourceFile}, hashing it on the way. */
public final class SourceResolver {

    private static final int BUFFER = 1 << 16;
    private final Path downloadDir;

    public SourceResolver(Path downloadDir) {
        this.downloadDir = downloadDir;
    }

    private static HttpClient http() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(20)).build();
    }

    public static boolean isUrl(String location) {
        String l = location.toLowerCase(java.util.Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
    }

    public SourceFile resolve(String location, ProgressListener progress) {
        return isUrl(location) ? download(location, progress) : local(location, progress);
    }

    private SourceFile local(String location, ProgressListener progress) {
        Path path = Path.of(location);
        try {
            if (Files.isDirectory(path)) {
                throw new IngestException(location + ": is a directory, expected a CSV or GeoJSON file");
            }
            long size = Files.size(path);
            if (!Files.isReadable(path)) {
                throw new IngestException(location + ": cannot read the file (permission denied)");
            }
            return new SourceFile(path, path.toAbsolutePath().toString(), path.getFileName().toString(), size, null);
        } catch (NoSuchFileException e) {
            throw new IngestException(location + ": file not found (fichier introuvable)");
        } catch (IOException e) {
            throw new IngestException(location + ": cannot read the file: " + e.getMessage(), e);
        }
    }

    private SourceFile download(String url, ProgressListener progress) {
        Path partial = null;
        try {
            Files.createDirectories(downloadDir);
            partial = Files.createTempFile(downloadDir, "download-", ".part");
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(30))
                    .header("User-Agent", "GeoEduc/0.1").GET().build();
            HttpResponse<InputStream> response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() / 100 != 2) {
                response.body().close();
                throw new IngestException(url + ": the server answered HTTP " + response.statusCode()
                        + " (expected 200); check the URL or try again later");
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            progress.step("téléchargement", total);
            String sha;
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(partial)) {
                sha = hash(in, out, progress);
            }
            String name = fileNameOf(url);
            Path target = downloadDir.resolve(sha.substring(0, 16) + "-" + name);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
            return new SourceFile(target, url, name, Files.size(target), sha);
        } catch (IllegalArgumentException e) {
            throw new IngestException(url + ": not a valid URL: " + e.getMessage());
        } catch (IOException e) {
            throw new IngestException(url + " : échec du téléchargement / download failed: " + DownloadFailure.explain(e)
                    + " ; rien n'a été publié, les versions précédentes sont intactes / nothing was published", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException(url + ": download interrupted", e);
        } finally {
            deleteQuietly(partial);
        }
    }

    /** A download that did not complete leaves nothing behind. */
    private static void deleteQuietly(Path partial) {
        if (partial != null) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the directory is unwritable: the next download cannot create its file either and says so
            }
        }
    }

    static String fileNameOf(String url) {
        String path = URI.create(url).getPath();
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        if (name.isBlank()) {
            name = "download";
        }
        String query = URI.create(url).getQuery();
        if (query != null && !name.contains(".") && query.contains("geojson")) {
            name += ".geojson";
        }
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The SHA-256 (hex) of a file, read once. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return hash(in, null, ProgressListener.NONE);
        } catch (IOException e) {
            throw new IngestException(file + ": cannot read the file: " + e.getMessage(), e);
        }
    }

    private static String hash(InputStream in, OutputStream copy, ProgressListener progress) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[BUFFER];
        long done = 0;
        try (DigestInputStream din = new DigestInputStream(in, digest)) {
            int n;
            while ((n = din.read(buffer)) > 0) {
                if (copy != null) {
                    copy.write(buffer, 0, n);
                }
                done += n;
                progress.progress(done);
            }
        }
        progress.done();
        return HexFormat.of().formatHex(digest.digest());
    }
}
