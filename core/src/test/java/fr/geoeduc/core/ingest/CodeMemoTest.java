package fr.geoeduc.core.ingest;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CodeMemoTest {

    @Test
    void computesEachCodeOnceAndAnswersAlternatingCodesRight() {
        List<String> computed = new ArrayList<>();
        CodeMemo<String, String> memo = new CodeMemo<>(code -> {
            computed.add(code);
            return "cog:" + code;
        }, 100);

        List<String> answers = new ArrayList<>();
        for (String code : List.of("035", "035", "029", "035", "029", "029", new String("035"))) {
            answers.add(memo.get(code));
        }

        assertThat(answers).containsExactly("cog:035", "cog:035", "cog:029", "cog:035", "cog:029", "cog:029", "cog:035");
        assertThat(computed).containsExactly("035", "029");
    }

    @Test
    void startsOverPastItsLimitAndStillAnswersRight() {
        List<Integer> computed = new ArrayList<>();
        CodeMemo<Integer, Integer> memo = new CodeMemo<>(n -> {
            computed.add(n);
            return n * 2;
        }, 3);

        for (int n = 0; n < 10; n++) {
            assertThat(memo.get(n)).isEqualTo(n * 2);
        }
        assertThat(memo.get(0)).isEqualTo(0);

        // 0 had been dropped when the memo started over: computed again, not answered from a stale entry
        assertThat(computed).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0);
    }
}
