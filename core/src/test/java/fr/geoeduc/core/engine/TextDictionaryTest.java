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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(0); // values need not start at the buffer's first byte
        IntBuffer offsets = IntBuffer.allocate(values.size() + 1);
        for (String v : values) {
            offsets.put(bytes.size());
            bytes.writeBytes(v.getBytes(StandardCharsets.UTF_8));
        }
        offsets.put(bytes.size());
        bytes.write(';'); // nor end at its last one
        return new TextDictionary.Mapped(offsets.flip(), ByteBuffer.wrap(bytes.toByteArray()), values.size());
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
}
