package fr.geoeduc.server.gis;

import org.locationtech.jts.geom.Geometry;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A GIS file being written on disk: features are added one by one, {@link #finish()} does every step that can fail
 * (indexes, commit) before the first byte is sent, {@link #transferTo} streams the file; {@link #close()} deletes what
 * was written.
 */
public interface LayerFile extends AutoCloseable {

    /** One feature: its geometry (null for none) in the layer's CRS, its values in the order of the layer's columns. */
    void add(Geometry geometry, Object[] values) throws IOException;

    void finish() throws IOException;

    void transferTo(OutputStream out) throws IOException;

    @Override
    void close();
}
