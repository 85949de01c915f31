package fr.geoeduc.core.adresse;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One normaliser for both sides of a match (the carte's {@code Type_et_Libelle}, the BAN's names, what a person
 * types), after the BAN's adresses-util and AFNOR NF Z 10-011: ASCII upper case ({@code œ → OE}), every other
 * character a space, abbreviations expanded (types of way in first position, titles anywhere), ordinals as
 * numbers ({@code 41E → 41}), {@code LIEU DIT} dropped. The key drops the articles; the full key keeps them to
 * break ties between streets that differ only by them ({@code CHEMIN SOUS LE TERTRE} / {@code CHEMIN DU TERTRE}).
 */
public final class VoieNormaliser {

    /** A normalised name: its words with and without the articles, and whether it names a hamlet. */
    public record NomNormalise(String key, String fullKey, String typeDeVoie, boolean lieuDit) {
        public String lastWord() {
            int i = key.lastIndexOf(' ');
            return i < 0 ? key : key.substring(i + 1);
        }
    }

    /** Short forms of types of way, expanded in first position only (elsewhere they are ordinary words). */
    private static final Map<String, String> TYPES_ABREGES = Map.ofEntries(
            Map.entry("ALL", "ALLEE"), Map.entry("AV", "AVENUE"), Map.entry("AVE", "AVENUE"), Map.entry("BD", "BOULEVARD"),
            Map.entry("BOUL", "BOULEVARD"), Map.entry("CHE", "CHEMIN"), Map.entry("CHE.", "CHEMIN"),
            Map.entry("IMP", "IMPASSE"), Map.entry("PL", "PLACE"), Map.entry("SQ", "SQUARE"), Map.entry("RTE", "ROUTE"),
            Map.entry("QU", "QUAI"), Map.entry("PAS", "PASSAGE"), Map.entry("LOT", "LOTISSEMENT"), Map.entry("RES", "RESIDENCE"),
            Map.entry("RESI", "RESIDENCE"), Map.entry("RPT", "ROND POINT"), Map.entry("CARR", "CARREFOUR"), Map.entry("CAR", "CARREFOUR"),
            Map.entry("HAME", "HAMEAU"), Map.entry("HAM", "HAMEAU"), Map.entry("VILL", "VILLA"), Map.entry("VLA", "VILLA"),
            Map.entry("VLGE", "VILLAGE"), Map.entry("R", "RUE"), Map.entry("RUEL", "RUELLE"), Map.entry("RLE", "RUELLE"),
            Map.entry("MTE", "MONTEE"), Map.entry("PTTE", "PLACETTE"), Map.entry("TSSE", "TERRASSE"),
            Map.entry("SENT", "SENTIER"), Map.entry("SEN", "SENTIER"), Map.entry("SNT", "SENTIER"), Map.entry("STR", "SENTIER"),
            Map.entry("PRT", "PORTE"), Map.entry("PARV", "PARVIS"), Map.entry("FAUB", "FAUBOURG"), Map.entry("FBG", "FAUBOURG"),
            Map.entry("PROM", "PROMENADE"), Map.entry("ESPL", "ESPLANADE"), Map.entry("CHAU", "CHAUSSEE"), Map.entry("CONT", "CONTOUR"),
            Map.entry("PLAC", "PLACIS"), Map.entry("TPL", "TERRE PLEIN"), Map.entry("LD", "LIEU DIT"),
            Map.entry("ZI", "ZONE INDUSTRIELLE"), Map.entry("ZA", "ZONE ACTIVITE"), Map.entry("ZAC", "ZONE AMENAGEMENT CONCERTE"));

    /** Titles and common words, expanded wherever they are. */
    private static final Map<String, String> MOTS_ABREGES = Map.ofEntries(
            Map.entry("ST", "SAINT"), Map.entry("STE", "SAINTE"), Map.entry("GAL", "GENERAL"), Map.entry("MAL", "MARECHAL"),
            Map.entry("DR", "DOCTEUR"), Map.entry("PDT", "PRESIDENT"), Map.entry("PR", "PROFESSEUR"), Map.entry("LT", "LIEUTENANT"),
            Map.entry("CNL", "COLONEL"), Map.entry("CDT", "COMMANDANT"), Map.entry("MGR", "MONSEIGNEUR"), Map.entry("ND", "NOTRE DAME"),
            Map.entry("GD", "GRAND"), Map.entry("GDE", "GRANDE"), Map.entry("PTE", "PETITE"), Map.entry("HT", "HAUT"),
            Map.entry("HTE", "HAUTE"), Map.entry("RGT", "REGIMENT"), Map.entry("INFANT", "INFANTERIE"));

    /** The types of way a typed street starts with (long forms, after expansion). */
    private static final Set<String> TYPES_DE_VOIE = Set.of("ALLEE", "AVENUE", "BOULEVARD", "CHEMIN", "IMPASSE", "PLACE",
            "SQUARE", "ROUTE", "QUAI", "PASSAGE", "LOTISSEMENT", "RESIDENCE", "ROND", "CARREFOUR", "HAMEAU", "VILLA", "VILLAGE",
            "RUE", "RUELLE", "MONTEE", "PLACETTE", "TERRASSE", "SENTE", "SENTIER", "PORTE", "PARVIS", "FAUBOURG", "PROMENADE",
            "ESPLANADE", "CHAUSSEE", "COURS", "COUR", "CONTOUR", "PLACIS", "TERRE", "ZONE", "VENELLE", "CITE", "CLOS", "MAIL",
            "PONT", "QUARTIER", "VOIE", "DOMAINE", "PARC", "CORNICHE", "DIGUE", "PASSERELLE", "GALERIE", "ROTONDE");

    private static final Set<String> ARTICLES = Set.of("LA", "LE", "LES", "L", "D", "DU", "DE", "DES", "DOS", "LAS", "LOS",
            "SUR", "SOUS", "A", "PAR", "ET", "AU", "AUX");

    private static final Pattern ORDINAL = Pattern.compile("([0-9]+)(?:E|EME|EMES|ER|ERE|ERES|IEME)");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private VoieNormaliser() {
    }

    /** ASCII upper case, {@code œ/æ} spelt out, every character but A–Z 0–9 a space, spaces collapsed. */
    public static String ascii(String text) {
        if (text == null) {
            return "";
        }
        String s = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE");
        s = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
        s = s.toUpperCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(s.length());
        boolean space = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean keep = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (keep) {
                b.append(c);
                space = false;
            } else if (!space) {
                b.append(' ');
                space = true;
            }
        }
        int end = b.length();
        if (end > 0 && b.charAt(end - 1) == ' ') {
            b.setLength(end - 1);
        }
        return b.toString();
    }

    /** The words of a street (or hamlet) name, normalised; see the class comment. */
    public static NomNormalise voie(String name) {
        List<String> words = words(name, true);
        boolean lieuDit = false;
        if (words.size() >= 2 && words.get(0).equals("LIEU") && words.get(1).equals("DIT")) {
            words = new ArrayList<>(words.subList(2, words.size()));
            lieuDit = true;
        }
        String type = !words.isEmpty() && TYPES_DE_VOIE.contains(words.get(0)) ? words.get(0) : null;
        String full = String.join(" ", words);
        List<String> significant = words.stream().filter(w -> !ARTICLES.contains(w)).toList();
        String key = significant.isEmpty() ? full : String.join(" ", significant);
        return new NomNormalise(key, full, type, lieuDit || type == null);
    }

    /** A commune or ancienne commune name as a key ({@code Saint-Pierre-de-Plesguen} = {@code ST PIERRE DE PLESGUEN}). */
    public static String commune(String name) {
        return String.join(" ", words(name, false));
    }

    private static List<String> words(String name, boolean typeInFirstPosition) {
        String ascii = ascii(name);
        List<String> out = new ArrayList<>();
        if (ascii.isEmpty()) {
            return out;
        }
        String[] raw = ascii.split(" ");
        for (int i = 0; i < raw.length; i++) {
            String w = raw[i];
            String expanded = i == 0 && typeInFirstPosition ? TYPES_ABREGES.get(w) : null;
            if (expanded == null) {
                expanded = MOTS_ABREGES.get(w);
            }
            if (expanded == null) {
                var m = ORDINAL.matcher(w);
                expanded = m.matches() ? m.group(1) : w;
            }
            for (String part : expanded.split(" ")) {
                out.add(part);
            }
        }
        return out;
    }
}
