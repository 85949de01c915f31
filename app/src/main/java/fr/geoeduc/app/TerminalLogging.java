package fr.geoeduc.app;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a long-running command ({@code serve}, {@code demo}) lets java.util.logging print on the terminal: warnings and
 * errors, not the INFO lines (two lines each, date and class first) that were mixed with the command's own messages —
 * the same threshold as the SLF4J libraries' ({@code simplelogger.properties}: warn). A logging configuration of the
 * user's ({@code -Djava.util.logging.config.file=…} or {@code .class}) is left as it is.
 */
final class TerminalLogging {

    private TerminalLogging() {
    }

    static void warningsOnly() {
        if (System.getProperty("java.util.logging.config.file") != null || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        for (Handler h : root.getHandlers()) {
            h.setLevel(Level.WARNING);
        }
    }
}
