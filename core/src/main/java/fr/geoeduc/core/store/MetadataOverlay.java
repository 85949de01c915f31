package fr.geoeduc.core.store;

import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldChange;
import fr.geoeduc.core.model.MetadataRevision;
import fr.geoeduc.core.model.Schema;

import java.util.ArrayList;
import java.util.List;

/**
 * A version's published schema with the dataset's metadata revisions applied in order: the labels, descriptions and
 * units every route serves. Fields a revision names but the version lacks are left aside.
 */
public final class MetadataOverlay {

    private MetadataOverlay() {
    }

    public static Schema apply(Schema published, List<MetadataRevision> revisions) {
        if (revisions.isEmpty()) {
            return published;
        }
        List<Field> fields = new ArrayList<>(published.fields());
        for (MetadataRevision revision : revisions) {
            for (FieldChange change : revision.changes()) {
                int i = published.indexOf(change.field());
                if (i >= 0) {
                    fields.set(i, fields.get(i).withAttribute(change.attribute(), change.after()));
                }
            }
        }
        return new Schema(fields);
    }
}
