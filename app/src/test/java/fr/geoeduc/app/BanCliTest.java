package fr.geoeduc.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code geoeduc referentiel load ban}, {@code referentiel fetch ban} (against a local HTTP server) and
 * {@code carte-scolaire secteurs} on a SYNTHETIC BAN-format file (the spec's sample rows: real streets of the 35
 * carte, coordinates consistent) and a small carte.
 */
class BanCliTest {

    static final String HEADER = "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;"
            + "nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;source_position;"
            + "source_nom_voie;certification_commune;cad_parcelles\n";
    static final String ROWS = """
            35238_k3v8qa_00003;;3;;Rue d'Antrain;35700;35238;Rennes;;;352076.82;6790079.68;-1.678300;48.118300;entrée;;;RENNES;RUE D ANTRAIN;commune;commune;1;35238000AB0012
            35238_k3v8qa_00004_bis;;4;bis;Rue d'Antrain;35700;35238;Rennes;;;352099.76;6790089.45;-1.678000;48.118400;entrée;;;RENNES;RUE D ANTRAIN;commune;commune;1;
            35238_k3v8qa_00132;;132;;Rue d'Antrain;35700;35238;Rennes;;;352249.89;6791238.34;-1.676900;48.128800;bâtiment;;;RENNES;RUE D ANTRAIN;cadastre;commune;0;35238000CD0101|35238000CD0102
            35238_k3v8qa_00141;;141;;Rue d'Antrain;35700;35238;Rennes;;;352260.00;6791300.00;-1.676780;48.129350;entrée;;;RENNES;RUE D ANTRAIN;commune;commune;1;
            35013_a1b2c3_00001;;1;;Rue de l'Église;35600;35013;Bains-sur-Oust;;;317000.00;6745000.00;-2.070000;47.700000;entrée;;;BAINS SUR OUST;RUE DE L EGLISE;commune;commune;1;
            """;

    @TempDir
    Path data;

    CliRun geoeduc(String... args) {
        return CliRun.in(data, args);
    }

    Path ban(String name) throws Exception {
        Path f = data.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write((HEADER + ROWS).getBytes(StandardCharsets.UTF_8));
        }
        return f;
    }

    void carte() throws Exception {
        Path carte = data.resolve("carte.csv");
        String p = "53;BRETAGNE;14;RENNES;035;ILLE-ET-VILAINE;";
        Files.writeString(carte, "code_region;libelle_region;code_academie;libelle_academie;code_departement;libelle_departement;"
                + "code_postal;code_insee;libelle_commune;lieu_dit;Type_et_Libelle;No_de_voie_debut;Indice_de_repetition_debut;"
                + "No_de_voie_fin;Indice_de_repetition_fin;Parite;Code_RNE;Secteur_unique\n"
                + p + "35700;35238;Rennes;;RUE D ANTRAIN;1;;103;;I;0350895H;N\n"
                + p + "35700;35238;Rennes;;RUE D ANTRAIN;2;;130;;P;0350895H;N\n"
                + p + "35700;35238;Rennes;;RUE D ANTRAIN;140;;180;;P;0350913C;N\n"
                + p + "35700;35238;Rennes;;RUE D ANTRAIN;105;;9999;;I;0350913C;N\n"
                + p + ";35013;Bains-sur-Oust;;;;;;;;0350969N;O\n"
                + p + ";35013;Bains-sur-Oust;;;;;;;;0351969A;O\n", StandardCharsets.UTF_8);
        assertThat(geoeduc("ingest", carte.toString(), "--dataset", "fr-en-carte-scolaire-colleges-publics").code()).isZero();
    }

    @Test
    void loadBanThenBuildAndPublishSectors() throws Exception {
        CliRun load = geoeduc("referentiel", "load", "ban", ban("adresses-35.csv.gz").toString());
        assertThat(load.code()).as(load.err()).isZero();
        assertThat(load.out()).contains("5 adresses chargées dans ban-adresses-35");
        carte();
        Path geojson = data.resolve("secteurs.geojson");
        Path rapport = data.resolve("couverture.json");
        CliRun secteurs = geoeduc("carte-scolaire", "secteurs", "--geojson", geojson.toString(), "--couverture", rapport.toString(), "--publier");
        assertThat(secteurs.code()).as(secteurs.err()).isZero();
        assertThat(secteurs.out()).contains("5 adresses (4 appariées").contains("1 sans secteur").contains("Publié / published: carte-scolaire-secteurs");
        JsonNode fc = new ObjectMapper().readTree(geojson.toFile());
        assertThat(fc.get("features").findValuesAsText("secteur")).contains("0350895H", "0350913C", "0350969N+0351969A", "sans secteur");
        JsonNode cov = new ObjectMapper().readTree(rapport.toFile());
        assertThat(cov.get("adresses_sans_secteur").asLong()).isEqualTo(1);
        assertThat(geoeduc("datasets").out()).contains("carte-scolaire-secteurs").contains("ban-adresses-35");
        Path eleves = data.resolve("eleves.csv");
        Files.writeString(eleves, "commune_residence;ips\n35013;100\n35013;120\n35238;90\n");
        assertThat(geoeduc("ingest", eleves.toString(), "--dataset", "eleves-test").code()).isZero();
        CliRun sim = geoeduc("carte-scolaire", "simulation", "--eleves", "eleves-test", "--deplacer", "35013:0350969N");
        assertThat(sim.code()).as(sim.err()).isZero();
        // Bains-sur-Oust's two pupils counted 1/2 in each collège before, wholly in 0350969N after
        assertThat(sim.out()).contains("3 élèves").contains("2 changent").contains("0350969N       1.0 →      2.0 (   +1.0)")
                .contains("0351969A       1.0 →      0.0 (   -1.0)");
        // a street range and a drawn area: the odd numbers 1–9 of rue d'Antrain to 0350913C, the area around n° 120 too
        Path rue = data.resolve("eleves-rue.csv");
        Files.writeString(rue, "commune_residence;voie;numero;ips;latitude;longitude\n35238;Rue d'Antrain;3;100;48.1183;-1.6783\n"
                + "35238;Rue d'Antrain;11;110;48.1190;-1.6780\n35238;Rue d'Antrain;120;120;48.1280;-1.6770\n");
        assertThat(geoeduc("ingest", rue.toString(), "--dataset", "eleves-rue").code()).isZero();
        Path zone = data.resolve("zone.geojson");
        Files.writeString(zone, "{\"type\":\"Polygon\",\"coordinates\":[[[-1.678,48.127],[-1.676,48.127],[-1.676,48.129],[-1.678,48.129],[-1.678,48.127]]]}");
        CliRun parVoie = geoeduc("carte-scolaire", "simulation", "--eleves", "eleves-rue", "--deplacer-voie", "35238:RUE D ANTRAIN:1-9:I=0350913C",
                "--deplacer-zone", zone + "=0350913C", "--capacite", "0350913C:2");
        assertThat(parVoie.code()).as(parVoie.err()).isZero();
        assertThat(parVoie.out()).contains("3 élèves").contains("2 changent")
                .contains("0350895H       3.0 →      1.0 (   -2.0)").contains("0350913C       0.0 →      2.0 (   +2.0)")
                .contains("0 % → 100 %").contains("n° 1–9 impairs → 0350913C : 1 élève(s)").contains("zone dessinée").contains("Mixité");
        CliRun badVoie = geoeduc("carte-scolaire", "simulation", "--eleves", "eleves-rue", "--deplacer-voie", "35238:RUE D ANTRAIN:9-1=0350913C");
        assertThat(badVoie.code()).isEqualTo(1);
        assertThat(badVoie.err()).contains("finit avant").doesNotContain("Exception");
        CliRun bad = geoeduc("carte-scolaire", "simulation", "--eleves", "eleves-test", "--deplacer", "99999:0350969N");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("99999").doesNotContain("Exception");
    }

    /** Bains-sur-Oust's contour in two millésimes: the sectors use the current one, or the one asked. */
    @Test
    void sectorsUseTheCommunesOfTheMillesimeAsked() throws Exception {
        assertThat(geoeduc("referentiel", "load", "ban", ban("adresses-35.csv.gz").toString()).code()).isZero();
        carte();
        CliRun y2018 = geoeduc("referentiel", "load", "communes", square("c2018.geojson", 0.03).toString(), "--millesime", "2018");
        assertThat(y2018.code()).as(y2018.err()).isZero();
        assertThat(y2018.out()).doesNotContain("sans --millesime");
        assertThat(geoeduc("referentiel", "load", "communes", square("c2024.geojson", 0.05).toString(), "--millesime", "2024").code()).isZero();
        CliRun sans = geoeduc("referentiel", "load", "communes", square("c-sans.geojson", 0.04).toString());
        assertThat(sans.out()).contains("sans --millesime").contains("millésime non renseigné");

        CliRun list = geoeduc("referentiel", "list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out().lines().filter(l -> l.startsWith("communes")).map(l -> l.replaceAll(" +", " ")).toList()).containsExactly(
                "communes (non renseigné) 1 1 département (35) aucun / none",
                "communes 2018 1 1 département (35) aucun / none",
                "communes 2024 1 1 département (35) tout / all");

        assertThat(sectorHalfWidth(geoeduc("carte-scolaire", "secteurs", "--geojson", data.resolve("s.geojson").toString()), "s.geojson"))
                .isCloseTo(0.05, org.assertj.core.data.Offset.offset(0.002));
        assertThat(sectorHalfWidth(geoeduc("carte-scolaire", "secteurs", "--millesime-communes", "2018", "--geojson",
                data.resolve("s2018.geojson").toString()), "s2018.geojson")).isCloseTo(0.03, org.assertj.core.data.Offset.offset(0.002));
        CliRun absent = geoeduc("carte-scolaire", "secteurs", "--millesime-communes", "2019");
        assertThat(absent.code()).isEqualTo(1);
        assertThat(absent.err()).contains("« 2019 » non chargé").contains("2018, 2024").doesNotContain("Exception");
    }

    /** Bains-sur-Oust (35013) as a square of half-width {@code half} degrees around its address. */
    private Path square(String name, double half) throws Exception {
        double x = -2.07;
        double y = 47.70;
        Path f = data.resolve(name);
        Files.writeString(f, String.format(java.util.Locale.ROOT, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                + "\"properties\":{\"code\":\"35013\",\"nom\":\"Bains-sur-Oust\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[%1$f,%2$f],[%3$f,%2$f],[%3$f,%4$f],[%1$f,%4$f],[%1$f,%2$f]]]}}]}", x - half, y - half, x + half, y + half));
        return f;
    }

    /** Half the width (degrees of longitude) of the whole-commune sector of Bains-sur-Oust in the GeoJSON written. */
    private double sectorHalfWidth(CliRun run, String file) throws Exception {
        assertThat(run.code()).as(run.err()).isZero();
        for (JsonNode f : new ObjectMapper().readTree(data.resolve(file).toFile()).get("features")) {
            if (f.path("properties").path("secteur").asText().equals("0350969N+0351969A")) {
                org.locationtech.jts.geom.Geometry g = new org.locationtech.jts.io.geojson.GeoJsonReader().read(f.path("geometry").toString());
                return g.getEnvelopeInternal().getWidth() / 2;
            }
        }
        throw new AssertionError("no sector of Bains-sur-Oust in " + file);
    }

    /** Open data only: the CM2 pupils of the real écoles of 35, each at its école's address, Bains-sur-Oust moved. */
    @Test
    void simulationWithTheEcolesCm2PupilsOfOpenData() throws Exception {
        carte();
        for (String[] f : new String[][]{{"ille-et-vilaine/fr-en-ecoles-effectifs-nb_classes.csv", "fr-en-ecoles-effectifs-nb_classes"},
                {"ille-et-vilaine/fr-en-annuaire-education.csv", "fr-en-annuaire-education"}, {"national/fr-en-ips_ecoles-2021-2022.csv", "fr-en-ips_ecoles"}}) {
            assertThat(geoeduc("ingest", TestData.file(f[0]).toString(), "--dataset", f[1]).code()).isZero();
        }
        CliRun sim = geoeduc("carte-scolaire", "simulation", "--eleves", "ecoles", "--deplacer", "35013:0350969N");
        assertThat(sim.code()).as(sim.err()).isZero();
        // Bains-sur-Oust's public école 0352681Z has 25 CM2 pupils in 2022: half in each collège before, all in 0350969N after
        assertThat(sim.out()).contains("Source des élèves : élèves de CM2 des écoles publiques (effectifs de la rentrée 2022)")
                .contains("0350969N      12.5 →     25.0 (  +12.5)").contains("0351969A      12.5 →      0.0 (  -12.5)")
                .contains("25 changent").contains("Sans collège avant et après").contains("autre(s) école(s) sans collège");
        CliRun absente = geoeduc("carte-scolaire", "simulation", "--eleves", "ecoles", "--rentree", "1999", "--deplacer", "35013:0350969N");
        assertThat(absente.code()).isEqualTo(1);
        assertThat(absente.err()).contains("rentrée « 1999 » absente").contains("2022").doesNotContain("Exception");
    }

    @Test
    void aFileInAnotherLayoutIsRefusedWithWhatItLacks() throws Exception {
        Path bal = data.resolve("bal.csv");
        Files.writeString(bal, "cle_interop;commune_insee;voie_nom;numero;suffixe;long;lat\n35238_k3v8_00003;35238;Rue d'Antrain;3;;-1.67;48.11\n");
        CliRun r = geoeduc("referentiel", "load", "ban", bal.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("pas au format BAN").contains("fichier BAL").contains("nom_voie").doesNotContain("Exception");
        CliRun sansBan = geoeduc("carte-scolaire", "secteurs");
        assertThat(sansBan.code()).isEqualTo(1);
    }

    @Test
    void fetchBanDownloadsFromTheSourceAndLoads() throws Exception {
        byte[] body = Files.readAllBytes(ban("served.csv.gz"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/csv/", exchange -> {
            boolean ok = exchange.getRequestURI().getPath().equals("/csv/adresses-35.csv.gz");
            exchange.sendResponseHeaders(ok ? 200 : 404, ok ? body.length : -1);
            if (ok) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        try {
            String source = "http://127.0.0.1:" + server.getAddress().getPort() + "/csv";
            CliRun fetch = geoeduc("referentiel", "fetch", "ban", "--departement", "35", "--source", source);
            assertThat(fetch.code()).as(fetch.err()).isZero();
            assertThat(fetch.out()).contains(source + "/adresses-35.csv.gz").contains("5 adresses chargées dans ban-adresses-35");
            CliRun absent = geoeduc("referentiel", "fetch", "ban", "--departement", "22", "--source", source);
            assertThat(absent.code()).isEqualTo(1);
            assertThat(absent.err()).contains("HTTP 404").contains("22").doesNotContain("Exception");
            CliRun bad = geoeduc("referentiel", "fetch", "ban", "--departement", "xx", "--source", source);
            assertThat(bad.code()).isEqualTo(1);
            assertThat(bad.err()).contains("n'est pas un code de département");
        } finally {
            server.stop(0);
        }
    }
}
