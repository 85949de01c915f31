package org.apache.parquet;

import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

import java.util.HashMap;

/**
 * Test support: read options for parquet-hadoop's reader without Hadoop on the classpath. The public builder
 * always loads a Hadoop MapReduce class, so this calls the package-private constructor from the same package.
 */
public final class ReadOptionsWithoutHadoop {

    private ReadOptionsWithoutHadoop() {
    }

    public static ParquetReadOptions create(CompressionCodecFactory codecs) {
        return new ParquetReadOptions(false, true, true, true, true, false, true, false, false, FilterCompat.NOOP,
                ParquetMetadataConverter.NO_FILTER, codecs, new HeapByteBufferAllocator(), 8 * 1024 * 1024, new HashMap<>(),
                null, null, new PlainParquetConfiguration());
    }
}
