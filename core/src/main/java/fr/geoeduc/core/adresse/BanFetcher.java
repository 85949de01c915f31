package fr.geoeduc.core.adresse;

import fr.geoeduc.core.ingest.IngestException;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.referentiel.CodeNormaliser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * Downloads a département's BAN file ({@code {source}/adresses-{dep}.csv.gz}, by default from adresse.data.gouv.fr)
 * and loads it with {@link BanLoader}. The file is kept under the work directory as downloaded.
 */
public final class BanFetcher {

    public static final String DEFAULT_SOURCE = "https://adresse.data.gouv.fr/data/ban/adresses/latest/csv";
    private final BanLoader loader;
    private final Path workDir;
    private final HttpClient http;

    public BanFetcher(BanLoader loader, Path workDir) {
        this.loader = loader;
        this.workDir = workDir;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(20)).build();
    }

    public URI url(String source, String departement) {
        String base = source == null || source.isBlank() ? DEFAULT_SOURCE : source.strip();
        return URI.create((base.endsWith("/") ? base : base + "/") + "adresses-" + departement + ".csv.gz");
    }

    public List<BanLoader.Chargement> fetch(String source, String departement, ProgressListener progress) {
        String dep = CodeNormaliser.departement(departement).orElseThrow(() ->
                new IngestException("« " + departement + " » n'est pas un code de département (ex. 35, 2A, 974) / not a département code"));
        URI url = url(source, dep.toLowerCase(java.util.Locale.ROOT));
        Path target = workDir.resolve("adresses-" + dep + ".csv.gz");
        Path part = workDir.resolve("adresses-" + dep + ".csv.gz.part");
        try {
            Files.createDirectories(workDir);
            HttpResponse<Path> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(part));
            if (r.statusCode() != 200) {
                Files.deleteIfExists(part);
                throw new IngestException(url + " : HTTP " + r.statusCode() + (r.statusCode() == 404
                        ? " — pas de fichier BAN pour le département " + dep + " à cette adresse / no BAN file for this département" : "")
                        + " ; rien n'a été chargé / nothing was loaded");
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IngestException(url + " : téléchargement impossible / download failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException(url + " : téléchargement interrompu / download interrupted", e);
        }
        return loader.load(target, progress);
    }
}
