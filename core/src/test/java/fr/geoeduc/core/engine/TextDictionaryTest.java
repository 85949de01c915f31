package fr.geoeduc.core.engine;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A dictionary on the heap, packed in one byte array, or read in place from UTF-8 bytes answers the same. */
class TextDictionaryTest {

    private static TextDictionary mapped(List<String> values) {
        return mapped(values, java.nio.ByteOrder.BIG_ENDIAN);
    }

    private static TextDictionary mapped(List<String> values, java.nio.ByteOrder order) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(0); // values need not start at the buffer's first byte
        IntBuffer offsets = IntBuffer.allocate(values.size() + 1);
        for (String v : values) {
            offsets.put(bytes.size());
            bytes.writeBytes(v.getBytes(StandardCharsets.UTF_8));
        }
        offsets.put(bytes.size());
        bytes.write(';'); // nor end at its last one
        return new TextDictionary.Mapped(offsets.flip(), ByteBuffer.wrap(bytes.toByteArray()).order(order), values.size());
    }

    @Test
    void containsAnyOfFindsAsciiCharactersOnlyWhereTheyAre() {
        List<List<String>> cases = List.of(List.of("abc", "ÉCOLE", "😀", "z2x7"), List.of("a", "b;c"), List.of("a\"b"), List.of("ligne\n"),
                List.of("x\r"), List.of("a,b"), List.of("Č", "€"), List.of());
        for (List<String> values : cases) {
            boolean expected = values.stream().anyMatch(v -> v.chars().anyMatch(c -> ";,\"\r\n".indexOf(c) >= 0));
            TextDictionary heap = TextDictionary.of(values.toArray(String[]::new));
            assertThat(heap.containsAnyOf(";,\"\r\n")).as("heap %s", values).isEqualTo(expected);
            assertThat(mapped(values).containsAnyOf(";,\"\r\n")).as("mapped %s", values).isEqualTo(expected);
            assertThat(TextDictionary.Packed.of(values.toArray(String[]::new)).containsAnyOf(";,\"\r\n")).as("packed %s", values)
                    .isEqualTo(expected);
            for (int i = 0; i < values.size(); i++) {
                assertThat(mapped(values).get(i)).isEqualTo(values.get(i));
            }
        }
    }

    @Test
    void everyKindGivesTheSameValuesAndTheirUtf8Bytes() {
        List<String> values = List.of("abc", "ÉCOLE", "😀", "", "z2x7;", "Č€");
        String[] array = values.toArray(String[]::new);
        for (TextDictionary d : List.of(TextDictionary.of(array), mapped(values), TextDictionary.Packed.of(array))) {
            assertThat(d.size()).isEqualTo(values.size());
            for (int i = 0; i < values.size(); i++) {
                byte[] expected = values.get(i).getBytes(StandardCharsets.UTF_8);
                assertThat(d.get(i)).as("%s %d", d.getClass().getSimpleName(), i).isEqualTo(values.get(i));
                byte[] into = new byte[3 + expected.length];
                assertThat(d.copyUtf8(i, into, 3)).isEqualTo(expected.length);
                assertThat(java.util.Arrays.copyOfRange(into, 3, into.length)).isEqualTo(expected);
                if (expected.length > 0) { // one byte short: nothing copied, minus the length answered
                    byte[] tooSmall = new byte[2 + expected.length];
                    assertThat(d.copyUtf8(i, tooSmall, 3)).isEqualTo(-expected.length);
                    assertThat(tooSmall).containsOnly((byte) 0);
                }
            }
        }
    }

    @Test
    void largeDictionariesBuiltOnTheHeapArePacked() {
        int before = TextDictionary.mappedFrom;
        TextDictionary.mappedFrom = 3;
        try {
            assertThat(TextDictionary.of(new String[]{"a", "b", "c"})).isInstanceOf(TextDictionary.Heap.class);
            TextDictionary packed = TextDictionary.of(new String[]{"a", "b", "c", "dé"});
            assertThat(packed).isInstanceOf(TextDictionary.Packed.class);
            assertThat(packed.get(3)).isEqualTo("dé");
            assertThat(packed.heapBytes()).isLessThan(TextDictionary.of(new String[]{"a", "b", "c"}).heapBytes() * 2);
        } finally {
            TextDictionary.mappedFrom = before;
        }
    }

    /**
     * The order of values (order_by on a text field) is String.compareTo's whatever the dictionary's kind: the byte
     * comparison of UTF-8 dictionaries must agree on prefixes, on ASCII differences and on characters beyond ASCII,
     * where UTF-8 order and UTF-16 order part (a supplementary character against U+E000 to U+FFFF).
     */
    @Test
    void everyKindComparesValuesAsStringCompareTo() {
        String[] alphabet = {"a", "b", "A", "0", " ", "é", "É", "ÿ", "Ā", "€", "\uE000", "\uFFFD", "😀", "𝄞", ""};
        java.util.Random random = new java.util.Random(3);
        java.util.LinkedHashSet<String> distinct = new java.util.LinkedHashSet<>();
        while (distinct.size() < 600) {
            StringBuilder b = new StringBuilder(random.nextBoolean() ? "INE0" : "");
            for (int k = random.nextInt(5); k > 0; k--) {
                b.append(alphabet[random.nextInt(alphabet.length)]);
            }
            distinct.add(b.toString());
        }
        List<String> values = List.copyOf(distinct);
        String[] array = values.toArray(String[]::new);
        for (TextDictionary d : List.of(TextDictionary.of(array), mapped(values), mapped(values, java.nio.ByteOrder.LITTLE_ENDIAN),
                TextDictionary.Packed.of(array))) {
            for (int a = 0; a < values.size(); a++) {
                for (int b = 0; b < values.size(); b += 1 + random.nextInt(3)) {
                    assertThat(Integer.signum(d.compare(a, b))).as("%s %s vs %s", d.getClass().getSimpleName(), values.get(a), values.get(b))
                            .isEqualTo(Integer.signum(values.get(a).compareTo(values.get(b))));
                }
            }
        }
    }
}
