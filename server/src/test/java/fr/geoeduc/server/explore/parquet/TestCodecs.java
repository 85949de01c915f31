package fr.geoeduc.server.explore.parquet;

import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** Test support: the export's gzip codecs, for reading files back from tests of other packages. */
public final class TestCodecs implements CompressionCodecFactory {

    private final GzipCodecs codecs = new GzipCodecs();

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return codecs.getCompressor(codec);
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return codecs.getDecompressor(codec);
    }

    @Override
    public void release() {
    }
}
