package fr.geoeduc.server.explore;

/** The slots of {@link fr.geoeduc.core.engine.Column.Text#derived} that the response writers use. */
final class DerivedSlots {

    static final int JSON = 0;
    static final int CSV_SEMICOLON = 1;
    static final int CSV_COMMA = 2;
    /** Whether no value of the column needs quoting with the API's delimiters (for columns that keep no encoded cells). */
    static final int CSV_PLAIN = 3;

    private DerivedSlots() {
    }
}
