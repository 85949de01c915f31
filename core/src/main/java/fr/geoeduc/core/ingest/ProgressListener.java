package fr.geoeduc.core.ingest;

/** Receives progress of long work; the CLI shows it as a progress bar. */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
    };

    /** A new step begins ("téléchargement", "lecture", …); {@code total} is in the step's unit, or -1 if unknown. */
    default void step(String name, long total) {
    }

    /** Work done so far in the current step, in its unit (bytes read). */
    default void progress(long done) {
    }

    default void done() {
    }
}
