package fr.geoeduc.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve} and {@code demo} print java.util.logging's warnings and errors, not its INFO lines. */
class TerminalLoggingTest {

    @TempDir
    Path data;

    @Test
    void afterTheDemoInfoLinesAreDroppedWarningsAndErrorsKept() {
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        List<LogRecord> printed = new ArrayList<>();
        Handler terminal = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (isLoggable(r)) {
                    printed.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        root.addHandler(terminal);
        try {
            CliRun demo = CliRun.in(data, "demo", "--offline", "--no-serve");
            assertThat(demo.code()).as(demo.err()).isZero();
            // what the demo printed: the address index's progress (System.Logger, which goes to java.util.logging)
            System.Logger log = System.getLogger("fr.geoeduc.core.adresse.BanSuggestions");
            log.log(System.Logger.Level.INFO, "suggestions d''adresses : index prêt");
            Logger.getLogger("org.example.library").info("a library's progress");
            log.log(System.Logger.Level.WARNING, "suggestions d''adresses : index non construit");
            Logger.getLogger("org.example.library").severe("a library's failure");
            assertThat(printed).extracting(LogRecord::getLevel).containsExactly(Level.WARNING, Level.SEVERE);
        } finally {
            root.removeHandler(terminal);
            root.setLevel(before);
            for (Handler h : root.getHandlers()) {
                h.setLevel(Level.INFO);
            }
        }
    }
}
