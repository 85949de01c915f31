package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.Names;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which declared field each column of a file is, whatever header flavour the file has (labels, field names,
 * older names). A header is first matched exactly (so {@code REP +} and {@code REP} stay apart), then by its
 * normalised spelling, taking the first declared field not yet used. Unmatched columns are {@code null}.
 */
public record HeaderMapping(List<Field> declared, List<Integer> unmatchedColumns, List<Field> absentFields) {

    public static HeaderMapping of(List<String> header, DatasetDefinition definition) {
        Map<String, List<Field>> exact = new HashMap<>();
        Map<String, List<Field>> normalised = new HashMap<>();
        for (Field f : definition.fields()) {
            for (String spelling : spellings(f)) {
                add(exact, spelling.strip(), f);
                add(normalised, Names.normalise(spelling), f);
            }
        }
        Field[] mapped = new Field[header.size()];
        Set<String> used = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            mapped[i] = firstUnused(exact.get(header.get(i).strip()), used);
        }
        for (int i = 0; i < header.size(); i++) {
            if (mapped[i] == null) {
                mapped[i] = firstUnused(normalised.get(Names.normalise(header.get(i))), used);
            }
        }
        List<Integer> unmatched = new ArrayList<>();
        for (int i = 0; i < mapped.length; i++) {
            if (mapped[i] == null) {
                unmatched.add(i);
            }
        }
        List<Field> absent = definition.fields().stream().filter(f -> !used.contains(f.name())).toList();
        return new HeaderMapping(java.util.Collections.unmodifiableList(Arrays.asList(mapped)), List.copyOf(unmatched), absent);
    }

    private static void add(Map<String, List<Field>> index, String key, Field f) {
        List<Field> list = index.computeIfAbsent(key, k -> new ArrayList<>());
        if (!list.contains(f)) {
            list.add(f);
        }
    }

    private static Field firstUnused(List<Field> candidates, Set<String> used) {
        if (candidates != null) {
            for (Field f : candidates) {
                if (used.add(f.name())) {
                    return f;
                }
            }
        }
        return null;
    }

    private static List<String> spellings(Field f) {
        List<String> all = new ArrayList<>();
        all.add(f.name());
        all.add(f.label());
        all.addAll(f.aliases());
        return all;
    }

    public int matchedCount() {
        return declared.size() - unmatchedColumns.size();
    }
}
