package fr.geoeduc.core.engine;

/** Test access to the engine's storage choices from other packages' tests. */
public final class TextDictionaries {

    public static final int DEFAULT_MAPPED_FROM = 65_536;

    private TextDictionaries() {
    }

    /** Dictionaries of large columns built from now on go to mapped files from {@code values} values on. */
    public static void mapFrom(int values) {
        TextDictionary.mappedFrom = values;
    }

    public static boolean isMapped(TextDictionary dictionary) {
        return dictionary instanceof TextDictionary.Mapped;
    }

    public static boolean isMapped(IntVec vector) {
        return vector instanceof IntVec.Mapped;
    }
}
