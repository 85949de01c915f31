package fr.geoeduc.server.ogcapi;

import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;
import org.locationtech.jts.geom.Envelope;

import java.util.List;
import java.util.Optional;

/**
 * A dataset as an OGC collection, as one caller sees it: its schema is the caller's view (a convention may drop
 * fields), its geometry is its first geo field, its time is its rentrée field (role {@code rentree}) or else its
 * first date field.
 *
 * @param extent    longitude/latitude box of the geometries, null when no row has one
 * @param timeStart first instant of the temporal extent (RFC 3339), null when unknown
 * @param timeEnd   last instant of the temporal extent, null when unknown
 */
record OgcCollection(DatasetDefinition definition, int version, Schema schema, Field geometry, Field time,
                     Envelope extent, String timeStart, String timeEnd) {

    String id() {
        return definition.id();
    }

    String title() {
        return definition.title() == null ? definition.id() : definition.title();
    }

    String description() {
        return definition.description() == null ? "" : definition.description();
    }

    List<OgcCrs.Ref> crs() {
        return OgcCrs.forExtent(extent);
    }

    /** The fields a client may filter on or ask for: every field but the geometry. */
    List<Field> properties() {
        return schema.fields().stream().filter(f -> !f.name().equals(geometry.name())).toList();
    }

    Optional<Field> property(String name) {
        return schema.find(name).filter(f -> !f.name().equals(geometry.name()));
    }

    static Optional<Field> geometryOf(Schema schema) {
        return schema.fields().stream().filter(f -> f.type().isGeo()).findFirst();
    }

    /** The rentrée field when it is text ({@code 2021-2022}), else the first date or date-time field, else null. */
    static Field timeOf(DatasetDefinition def, Schema schema) {
        Optional<Field> rentree = def.role("rentree").flatMap(schema::find).filter(f -> f.type() == FieldType.TEXT);
        if (rentree.isPresent()) {
            return rentree.get();
        }
        return schema.fields().stream().filter(f -> f.type() == FieldType.DATE || f.type() == FieldType.DATETIME).findFirst().orElse(null);
    }
}
