package fr.geoeduc.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The SQLite driver's native library is copied once into the cache directory and the driver pointed at it. */
class SqliteNativeLibraryTest {

    @TempDir
    Path cache;

    @Test
    void copiesTheLibraryOnceReplacesADamagedCopyAndLeavesAUserChoiceAlone() throws Exception {
        String path = System.clearProperty("org.sqlite.lib.path");
        String name = System.clearProperty("org.sqlite.lib.name");
        try {
            SqliteNativeLibrary.useCachedCopy(cache);
            Path library = Path.of(System.getProperty("org.sqlite.lib.path"), System.getProperty("org.sqlite.lib.name"));
            assertThat(library).startsWith(cache).isRegularFile();
            byte[] expected;
            try (InputStream in = org.sqlite.SQLiteJDBCLoader.class.getResourceAsStream(
                    org.sqlite.util.LibraryLoaderUtil.getNativeLibResourcePath() + "/" + org.sqlite.util.LibraryLoaderUtil.getNativeLibName())) {
                expected = in.readAllBytes();
            }
            assertThat(Files.readAllBytes(library)).isEqualTo(expected);
            try (var files = Files.list(library.getParent())) {
                assertThat(files).as("no partial file left").containsExactly(library);
            }

            Files.write(library, new byte[10]); // a damaged copy (another size) is written again
            System.clearProperty("org.sqlite.lib.path");
            System.clearProperty("org.sqlite.lib.name");
            SqliteNativeLibrary.useCachedCopy(cache);
            assertThat(Files.readAllBytes(library)).isEqualTo(expected);

            System.setProperty("org.sqlite.lib.path", "/chosen/by/the/user");
            SqliteNativeLibrary.useCachedCopy(cache.resolve("other"));
            assertThat(System.getProperty("org.sqlite.lib.path")).isEqualTo("/chosen/by/the/user");
            assertThat(cache.resolve("other")).doesNotExist();
        } finally {
            restore("org.sqlite.lib.path", path);
            restore("org.sqlite.lib.name", name);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
