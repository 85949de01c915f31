package fr.geoeduc.core.store;

import fr.geoeduc.core.ingest.IngestException;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.IngestResult;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;

import java.nio.file.Path;

/**
 * A separate JVM for the store tests: ingests one file into a data directory, as the CLI does.
 * Arguments: data directory, file, dataset id. Prints {@code STARTED <pid>} then {@code PUBLISHED <version> <rows>}
 * (exit 0), or {@code FAILED <message>} (exit 2).
 */
public final class IngestMain {

    private IngestMain() {
    }

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        System.out.println("STARTED " + ProcessHandle.current().pid());
        System.out.flush();
        try (SqliteStore store = SqliteStore.open(dataDir)) {
            Ingester ingester = new Ingester(store, SchemaRegistry.load(), dataDir.resolve("downloads"));
            IngestResult r = ingester.ingest(IngestRequest.of(args[1], args[2]), ProgressListener.NONE);
            System.out.println("PUBLISHED " + r.version().number() + " " + r.version().rowCount());
            System.out.flush();
        } catch (IngestException | StoreException e) {
            System.out.println("FAILED " + e.getMessage());
            System.out.flush();
            System.exit(2);
        }
    }

    /** The command line that runs this class in a new JVM with the test classpath. */
    public static ProcessBuilder command(Path dataDir, Path file, String dataset, Path output) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-Dfile.encoding=UTF-8", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), IngestMain.class.getName(),
                dataDir.toString(), file.toString(), dataset);
        pb.redirectErrorStream(true);
        pb.redirectOutput(output.toFile());
        return pb;
    }
}
