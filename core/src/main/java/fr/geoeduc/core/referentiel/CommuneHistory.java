package fr.geoeduc.core.referentiel;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which commune codes no longer exist and which commune absorbed them, from INSEE's COG events
 * (mergers: MOD 31, 32, 33, 34; code changes: 41, 50; rétablissements, MOD 21, undo a merger).
 */
public final class CommuneHistory {

    private static final Set<Integer> MERGERS = Set.of(31, 32, 33, 34, 41, 50);

    /** Where a code went: the current code after following every event, the first event's date and kind. */
    public record Succession(String oldCode, String currentCode, String currentName, LocalDate date, int mod) {
    }

    private final Map<String, CommuneEvent> successorEvent = new HashMap<>();
    private final Map<String, List<String>> predecessors = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();
    /** Every name a code had in the events (before and after each one, communes déléguées included). */
    private final Map<String, Set<String>> everyName = new HashMap<>();

    public CommuneHistory(List<CommuneEvent> events) {
        List<CommuneEvent> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparing(CommuneEvent::date));
        for (CommuneEvent e : ordered) {
            if ("COM".equals(e.typeAfter())) {
                names.put(e.codeAfter(), e.nameAfter());
            }
            if (e.nameBefore() != null) {
                everyName.computeIfAbsent(e.codeBefore(), k -> new java.util.LinkedHashSet<>()).add(e.nameBefore());
            }
            if (e.nameAfter() != null) {
                everyName.computeIfAbsent(e.codeAfter(), k -> new java.util.LinkedHashSet<>()).add(e.nameAfter());
            }
            if (MERGERS.contains(e.mod()) && "COM".equals(e.typeBefore()) && "COM".equals(e.typeAfter())
                    && !e.codeBefore().equals(e.codeAfter())) {
                successorEvent.put(e.codeBefore(), e);
            } else if (e.mod() == 21 && "COM".equals(e.typeAfter())) {
                successorEvent.remove(e.codeAfter());
            }
        }
        successorEvent.forEach((old, e) -> predecessors.computeIfAbsent(e.codeAfter(), k -> new ArrayList<>()).add(old));
    }

    public static CommuneHistory empty() {
        return new CommuneHistory(List.of());
    }

    public boolean isEmpty() {
        return successorEvent.isEmpty();
    }

    /** The commune that absorbed {@code code}, following chains of events; empty if the code still exists. */
    public Optional<Succession> successor(String code) {
        CommuneEvent first = successorEvent.get(code);
        if (first == null) {
            return Optional.empty();
        }
        String current = first.codeAfter();
        Set<String> seen = new HashSet<>(Set.of(code));
        while (successorEvent.containsKey(current) && seen.add(current)) {
            current = successorEvent.get(current).codeAfter();
        }
        return Optional.of(new Succession(code, current, names.getOrDefault(current, first.nameAfter()), first.date(), first.mod()));
    }

    /** Every older code merged, directly or not, into {@code code}. */
    public Set<String> predecessors(String code) {
        Set<String> out = new HashSet<>();
        List<String> todo = new ArrayList<>(predecessors.getOrDefault(code, List.of()));
        while (!todo.isEmpty()) {
            String c = todo.remove(todo.size() - 1);
            if (out.add(c)) {
                todo.addAll(predecessors.getOrDefault(c, List.of()));
            }
        }
        return out;
    }

    /** The current name of a commune, or the last name of an absorbed one. */
    public Optional<String> name(String code) {
        String current = names.get(code);
        if (current != null) {
            return Optional.of(current);
        }
        Set<String> all = everyName.get(code);
        return all == null ? Optional.empty() : all.stream().findFirst();
    }

    /** Every name each code had in the events: a commune nouvelle's, its communes déléguées', the absorbed communes'. */
    public Map<String, Set<String>> everyName() {
        return java.util.Collections.unmodifiableMap(everyName);
    }

    /**
     * Forward in time: the code under which the commune {@code code} existed on {@code date}, following only the
     * mergers and code changes in force by then ({@code 35100} on 2018-06-01 is 35100, on 2020-01-01 is 35163).
     */
    public String communeAt(String code, LocalDate date) {
        String current = code;
        Set<String> seen = new HashSet<>(Set.of(code));
        CommuneEvent e = successorEvent.get(current);
        while (e != null && !e.date().isAfter(date) && seen.add(e.codeAfter())) {
            current = e.codeAfter();
            e = successorEvent.get(current);
        }
        return current;
    }

    /**
     * Backward in time: the codes that existed on {@code date} and today make up the commune {@code code} (a commune
     * nouvelle on a date before its creation is its absorbed communes and itself); the code alone when nothing merged
     * into it after that date.
     */
    public Set<String> codesAt(String code, LocalDate date) {
        Set<String> out = new java.util.TreeSet<>(Set.of(code));
        List<String> todo = new ArrayList<>(List.of(code));
        while (!todo.isEmpty()) {
            String c = todo.remove(todo.size() - 1);
            for (String p : predecessors.getOrDefault(c, List.of())) {
                if (successorEvent.get(p).date().isAfter(date) && out.add(p)) {
                    todo.add(p);
                }
            }
        }
        return out;
    }

    public boolean isKnownOldCode(String code) {
        return successorEvent.containsKey(code);
    }
}
