package fr.geoeduc.app;

import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Points the SQLite driver at a copy of its native library kept in the user's cache directory. By default the
 * driver writes the library out of the jar into the temporary directory on every start and compares the copy byte
 * by byte: a tenth of a short command's time. The copy is written once per driver version and platform, atomically
 * (temporary file, then move), and checked by size; on any problem the driver is left to do as it does by default.
 */
final class SqliteNativeLibrary {

    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private SqliteNativeLibrary() {
    }

    static void useCachedCopy() {
        useCachedCopy(cacheDirectory());
    }

    static void useCachedCopy(Path cache) {
        if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
            return; // chosen by the user (or already done in this JVM)
        }
        try {
            String name = LibraryLoaderUtil.getNativeLibName();
            String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
            URL url = SQLiteJDBCLoader.class.getResource(resource);
            if (url == null || cache == null) {
                return;
            }
            long size = url.openConnection().getContentLengthLong();
            Path dir = cache.resolve("sqlite-" + SQLiteJDBCLoader.getVersion()).resolve(resource.substring(1, resource.lastIndexOf('/')));
            Path library = dir.resolve(name);
            if (!Files.isRegularFile(library) || Files.size(library) != size) {
                Files.createDirectories(dir);
                Path partial = Files.createTempFile(dir, name, ".part");
                try (InputStream in = url.openStream()) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            if (Files.size(library) == size) {
                System.setProperty(PATH_PROPERTY, dir.toString());
                System.setProperty(NAME_PROPERTY, name);
            }
        } catch (IOException | RuntimeException e) {
            // the driver extracts the library itself, as without this cache
        }
    }

    private static Path cacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "geoeduc");
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() || home.equals("?") ? null : Path.of(home, ".cache", "geoeduc");
    }
}
