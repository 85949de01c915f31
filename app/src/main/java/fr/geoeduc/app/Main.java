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
        preemptibleCarriers();
        Locale.setDefault(chooseLocale(args));
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true"); // no Groovy here: skips a class look-up at start
        }
        SqliteNativeLibrary.useCachedCopy();
        CommandLine cli = new CommandLine(new GeoeducCommand());
        registerSubcommands(cli, args);
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

    /** The JDK property that sets how many carrier threads run virtual threads (default: one per core). */
    static final String CARRIERS = "jdk.virtualThreadScheduler.parallelism";

    /**
     * Two carrier threads per core for the server's virtual threads, unless the user set their number. Virtual threads
     * are never preempted, so with one carrier per core a request that computes for a while holds a core while short
     * requests wait behind it; with two per core the operating system time-slices the carriers. Measured at 64
     * connections on 2 cores (two rounds each): p99 of a count query 23 -> 9-13 ms, of a UAI lookup 10-14 -> 8-12 ms,
     * of an in_bbox page 35-41 -> 31-33 ms, throughput unchanged; four per core cost more CPU per request. Must run
     * before the first virtual thread exists: the JDK reads the property once.
     */
    static void preemptibleCarriers() {
        if (System.getProperty(CARRIERS) == null) {
            System.setProperty(CARRIERS, Integer.toString(2 * Runtime.getRuntime().availableProcessors()));
        }
    }

    /**
     * Builds the model of the invoked subcommand only, when the arguments name one: reading the annotations of all
     * of them was a third of the start-up time of a short command. Help, errors and anything unexpected get them all.
     */
    static void registerSubcommands(CommandLine cli, String[] args) {
        String invoked = invokedName(args);
        for (Class<?> command : GeoeducCommand.SUBCOMMANDS) {
            if (invoked != null && !"help".equals(invoked) && namesOf(command).contains(invoked)) {
                cli.addSubcommand(command);
                return;
            }
        }
        for (Class<?> command : GeoeducCommand.SUBCOMMANDS) {
            cli.addSubcommand(command);
        }
    }

    private static java.util.List<String> namesOf(Class<?> command) {
        CommandLine.Command annotation = command.getAnnotation(CommandLine.Command.class);
        java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of(annotation.aliases()));
        names.add(annotation.name());
        return names;
    }

    /** The first argument that is not an option of the root command (or its value); null when there is none. */
    private static String invokedName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--data") || a.equals("--store") || a.equals("--lang")) {
                i++; // its value
            } else if (!a.startsWith("-")) {
                return a;
            } else if (!a.startsWith("--data=") && !a.startsWith("--store=") && !a.startsWith("--lang=")) {
                return null; // -h, -V or an option the root does not know: let picocli answer with every command
            }
        }
        return null;
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
