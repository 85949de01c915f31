package fr.geoeduc.app;

import fr.geoeduc.core.ingest.IngestException;
import fr.geoeduc.core.store.StoreException;
import picocli.CommandLine;

import java.util.Locale;

/**
 * Entry point of the {@code geoeduc} command. Help is French by default and English with
 * {@code --lang en} or an English {@code LANG}; errors are one clear message and a non-zero exit code.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        Locale.setDefault(chooseLocale(args));
        CommandLine cli = new CommandLine(new GeoeducCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IngestException || e instanceof StoreException || e instanceof IllegalArgumentException
                    || e instanceof UserError) {
                commandLine.getErr().println("geoeduc: " + e.getMessage());
                return 1;
            }
            commandLine.getErr().println("geoeduc: erreur interne / internal error: " + e);
            e.printStackTrace(commandLine.getErr());
            return 70;
        });
        int code = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        return code;
    }

    static Locale chooseLocale(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--lang=")) {
                return Locale.forLanguageTag(a.substring(7));
            }
            if (a.equals("--lang") && i + 1 < args.length) {
                return Locale.forLanguageTag(args[i + 1]);
            }
        }
        String env = System.getenv("GEOEDUC_LANG");
        if (env == null || env.isBlank()) {
            env = System.getenv("LANG");
        }
        return env != null && env.toLowerCase(Locale.ROOT).startsWith("en") ? Locale.ENGLISH : Locale.FRENCH;
    }

    /** A mistake of the user that the message fully explains (exit code 1). */
    public static final class UserError extends RuntimeException {
        public UserError(String message) {
            super(message);
        }
    }
}
