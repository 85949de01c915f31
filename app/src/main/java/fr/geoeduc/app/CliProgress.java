package fr.geoeduc.app;

import fr.geoeduc.core.ingest.ProgressListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Shows long work as a progress bar on the terminal (stderr); silent when output is not a terminal. */
final class CliProgress implements ProgressListener {

    private final boolean terminal = System.console() != null || "1".equals(System.getenv("GEOEDUC_PROGRESS"));
    private ProgressBar bar;

    @Override
    public void step(String name, long total) {
        done();
        if (!terminal) {
            return;
        }
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(name).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err));
        if (total > 0) {
            builder.setInitialMax(total).setUnit(" Mo", 1_000_000).showSpeed();
        } else {
            builder.setInitialMax(-1).setUnit(" Mo", 1_000_000);
        }
        bar = builder.build();
    }

    @Override
    public void progress(long done) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    @Override
    public void done() {
        if (bar != null) {
            if (bar.getMax() > 0) {
                bar.stepTo(bar.getMax());
            }
            bar.close();
            bar = null;
        }
    }
}
