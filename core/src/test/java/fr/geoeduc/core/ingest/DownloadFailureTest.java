package fr.geoeduc.core.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A download that fails says why for a person and leaves no partial file behind. */
class DownloadFailureTest {

    @TempDir
    Path dir;

    private long filesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }

    @Test
    void refusedConnectionIsExplainedAndLeavesNothing() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path downloads = dir.resolve("downloads");
        String url = "http://127.0.0.1:" + port + "/fr-en-annuaire.csv";
        Throwable t = catchThrowable(() -> new SourceResolver(downloads).resolve(url, ProgressListener.NONE));
        assertThat(t).isInstanceOf(IngestException.class);
        assertThat(t.getMessage()).startsWith(url).contains("connexion refusée").contains("rien n'a été publié")
                .doesNotContain("Exception");
        assertThat(filesIn(downloads)).as("files left in %s", downloads).isZero();
    }

    @Test
    void aConnectionCutMidFileLeavesNoPartFile() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread answer = Thread.ofPlatform().daemon(true).start(() -> {
                try (java.net.Socket s = server.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\nContent-Type: text/csv\r\n\r\n"
                            + "uai;nom\n0350001A;Ecole\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException ignored) {
                    // the test fails on its assertions if the answer was not sent
                }
            });
            Path downloads = dir.resolve("downloads");
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/coupe.csv";
            Throwable t = catchThrowable(() -> new SourceResolver(downloads).resolve(url, ProgressListener.NONE));
            answer.join(10_000);
            assertThat(t).isInstanceOf(IngestException.class);
            assertThat(t.getMessage()).startsWith(url).contains("rien n'a été publié").doesNotContain("Exception");
            assertThat(filesIn(downloads)).as("files left in %s", downloads).isZero();
        }
    }
}
