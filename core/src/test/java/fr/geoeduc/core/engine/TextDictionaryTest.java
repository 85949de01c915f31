package fr.geoeduc.core.engine;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether a dictionary holds some ASCII character, on the heap and read in place from UTF-8 bytes, answers the same. */
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
            for (int i = 0; i < values.size(); i++) {
                assertThat(mapped(values).get(i)).isEqualTo(values.get(i));
            }
        }
    }
}
