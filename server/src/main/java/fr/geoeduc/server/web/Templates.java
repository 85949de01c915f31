package fr.geoeduc.server.web;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * The Pebble templates of the French interface ({@code src/main/resources/templates/*.peb}), compiled once and
 * cached; every value is HTML-escaped unless a template says {@code | raw}.
 */
public final class Templates {

    private static final PebbleEngine ENGINE = engine();

    private Templates() {
    }

    private static PebbleEngine engine() {
        ClasspathLoader loader = new ClasspathLoader(Templates.class.getClassLoader());
        loader.setPrefix("templates");
        loader.setSuffix(".peb");
        return new PebbleEngine.Builder().loader(loader).defaultLocale(Locale.FRENCH).strictVariables(false)
                .newLineTrimming(true).build();
    }

    public static String render(String template, Map<String, Object> model) {
        StringWriter out = new StringWriter(8192);
        try {
            ENGINE.getTemplate(template).evaluate(out, model, Locale.FRENCH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
