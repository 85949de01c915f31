package fr.geoeduc.core.adresse;

import fr.geoeduc.core.ingest.IngestException;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.IngestResult;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.referentiel.CodeNormaliser;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads a BAN addresses file (one département or France, gzip or plain) as the address référentiel: one published
 * dataset per département, {@code ban-adresses-35}, so that every later read (suggestions, sectors) goes through the
 * query service like any other data. A national file is split by département on the way.
 */
public final class BanLoader {

    public static final String DATASET_PREFIX = "ban-adresses-";
    private final Ingester ingester;
    private final Path workDir;

    /** One département published: its dataset, rows and version. */
    public record Chargement(String departement, String dataset, long adresses, int version) {
    }

    public BanLoader(Ingester ingester, Path workDir) {
        this.ingester = ingester;
        this.workDir = workDir;
    }

    public static String dataset(String departement) {
        return DATASET_PREFIX + departement.toLowerCase(java.util.Locale.ROOT);
    }

    public List<Chargement> load(Path file, ProgressListener progress) {
        return load(file, progress, false);
    }

    /** @param synthetic the file is generated (a demo's): its versions are labelled synthetic like any generated data */
    public List<Chargement> load(Path file, ProgressListener progress, boolean synthetic) {
        if (!Files.isRegularFile(file)) {
            throw new IngestException(file + " : fichier introuvable / file not found");
        }
        Map<String, Split> parts = new TreeMap<>();
        try {
            Files.createDirectories(workDir);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(BanFormat.open(file), StandardCharsets.UTF_8), 1 << 16)) {
                String header = in.readLine();
                if (header == null) {
                    throw new IngestException(file + " : fichier vide / empty file");
                }
                BanFormat.check(file.toString(), header);
                int insee = columnIndex(header, "code_insee");
                String line;
                long n = 1;
                while ((line = in.readLine()) != null) {
                    n++;
                    if (line.isEmpty()) {
                        continue;
                    }
                    String code = field(line, insee);
                    String commune = CodeNormaliser.commune(code).orElse(null);
                    if (commune == null) {
                        throw new IngestException(file + ", ligne " + n + " : code_insee « " + code + " » n'est pas un code de "
                                + "commune ; rien n'a été chargé / not a commune code, nothing was loaded");
                    }
                    String dep = CodeNormaliser.departementOfCommune(commune);
                    Split s = parts.get(dep);
                    if (s == null) {
                        s = new Split(workDir.resolve("adresses-" + dep + "-" + System.nanoTime() + ".csv"), header);
                        parts.put(dep, s);
                    }
                    s.write(line);
                }
            }
        } catch (IOException e) {
            parts.values().forEach(Split::discard);
            throw new IngestException(file + " : lecture impossible / cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            parts.values().forEach(Split::discard);
            throw e;
        }
        if (parts.isEmpty()) {
            throw new IngestException(file + " : aucune adresse / no address in the file");
        }
        List<Chargement> done = new ArrayList<>();
        try {
            for (Map.Entry<String, Split> e : parts.entrySet()) {
                Split s = e.getValue();
                s.close();
                IngestRequest request = IngestRequest.of(s.path.toString(), dataset(e.getKey())).withTool("geoeduc referentiel load ban")
                        .withTypes(BanFormat.TYPES);
                IngestResult r = ingester.ingest(synthetic ? request.asSynthetic() : request, progress);
                done.add(new Chargement(e.getKey(), dataset(e.getKey()), r.version().rowCount(), r.version().number()));
            }
        } finally {
            parts.values().forEach(Split::discard);
        }
        return done;
    }

    static int columnIndex(String header, String name) {
        String h = header.startsWith("\uFEFF") ? header.substring(1) : header;
        String[] cols = h.split(";", -1);
        for (int i = 0; i < cols.length; i++) {
            if (cols[i].strip().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The {@code index}-th {@code ;}-separated field (BAN fields hold no {@code ;} and are not quoted). */
    static String field(String line, int index) {
        int start = 0;
        for (int i = 0; i < index; i++) {
            start = line.indexOf(';', start) + 1;
            if (start == 0) {
                return "";
            }
        }
        int end = line.indexOf(';', start);
        return (end < 0 ? line.substring(start) : line.substring(start, end)).strip();
    }

    private static final class Split {
        final Path path;
        final BufferedWriter out;

        Split(Path path, String header) throws IOException {
            this.path = path;
            this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            out.write(header.startsWith("\uFEFF") ? header.substring(1) : header);
            out.write('\n');
        }

        void write(String line) throws IOException {
            out.write(line);
            out.write('\n');
        }

        void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void discard() {
            try {
                out.close();
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a temporary file left in the work directory is harmless
            }
        }
    }
}
