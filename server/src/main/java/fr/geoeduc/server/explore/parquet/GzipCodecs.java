package fr.geoeduc.server.explore.parquet;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Page compression with the JDK's gzip, so that parquet-hadoop never reaches for Hadoop's codec classes (which
 * are not shipped). GZIP is what every Parquet reader understands.
 */
final class GzipCodecs implements CompressionCodecFactory {

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        if (codec != CompressionCodecName.GZIP) {
            throw new UnsupportedOperationException("only GZIP pages are written, not " + codec);
        }
        return new BytesInputCompressor() {
            private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);

            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                buffer.reset(); // parquet copies each compressed page before asking for the next one
                try (GZIPOutputStream gz = new GZIPOutputStream(buffer, 8192)) {
                    bytes.writeAllTo(gz);
                }
                return BytesInput.from(buffer);
            }

            @Override
            public CompressionCodecName getCodecName() {
                return CompressionCodecName.GZIP;
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        if (codec != CompressionCodecName.GZIP) {
            throw new UnsupportedOperationException("only GZIP pages are read, not " + codec);
        }
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int size) throws IOException {
                try (InputStream in = new GZIPInputStream(bytes.toInputStream(), 8192)) {
                    return BytesInput.from(in.readNBytes(size));
                }
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int size) throws IOException {
                byte[] compressed = new byte[compressedSize];
                input.duplicate().get(compressed);
                output.put(decompress(BytesInput.from(compressed), size).toByteArray());
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public void release() {
    }
}
