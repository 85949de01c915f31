package fr.geoeduc.server.explore.parquet;

import org.apache.parquet.ReadOptionsWithoutHadoop;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a Parquet file written by the API back with parquet's own reader (tests only). */
public final class ParquetFiles {

    public record Content(MessageType schema, java.util.Map<String, String> metadata, List<Group> rows) {
    }

    private ParquetFiles() {
    }

    public static Content read(Path file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), ReadOptionsWithoutHadoop.create(new GzipCodecs()))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            List<Group> all = new ArrayList<>();
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    all.add(records.read());
                }
            }
            return new Content(schema, reader.getFooter().getFileMetaData().getKeyValueMetaData(), all);
        }
    }
}
