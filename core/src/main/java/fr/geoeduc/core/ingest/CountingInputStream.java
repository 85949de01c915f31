package fr.geoeduc.core.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reports bytes read to a {@link ProgressListener}, at most every 256 KiB. */
final class CountingInputStream extends FilterInputStream {

    private static final long REPORT_EVERY = 256 * 1024;
    private final ProgressListener progress;
    private long count;
    private long reported;

    CountingInputStream(InputStream in, ProgressListener progress) {
        super(in);
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    private void advance(long n) {
        count += n;
        if (count - reported >= REPORT_EVERY) {
            reported = count;
            progress.progress(count);
        }
    }

    long count() {
        return count;
    }
}
