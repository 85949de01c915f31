package fr.geoeduc.core.query.cql2;

import fr.geoeduc.core.query.odsql.Expr;

/** Test helper: an expression tree as text without positions, to compare trees built from different inputs. */
final class Trees {

    private Trees() {
    }

    static String shape(Expr e) {
        return e.toString().replaceAll(", position=-?\\d+", "").replaceAll("position=-?\\d+", "");
    }
}
