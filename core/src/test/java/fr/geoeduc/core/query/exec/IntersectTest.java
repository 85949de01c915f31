package fr.geoeduc.core.query.exec;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The intersection of two ascending row lists, dense (bitmap) and sparse (merge), against marks of one list. */
class IntersectTest {

    private static int[] sample(Random random, int rows, double share) {
        return IntStream.range(0, rows).filter(r -> random.nextDouble() < share).toArray();
    }

    @Test
    void bothWaysGiveTheRowsInBothListsAscending() {
        Random random = new Random(16);
        double[] shares = {0, 0.0001, 0.001, 0.01, 0.2, 0.5, 1};
        for (int rows : new int[]{1, 63, 64, 65, 1000, 70_000, 300_000}) {
            for (double sa : shares) {
                for (double sb : shares) {
                    int[] a = sample(random, rows, sa);
                    int[] b = sample(random, rows, sb);
                    boolean[] inA = new boolean[rows];
                    for (int r : a) {
                        inA[r] = true;
                    }
                    int[] want = IntStream.of(b).filter(r -> inA[r]).toArray();
                    assertThat(Compiler.intersect(a, b)).as("rows %d, shares %s %s", rows, sa, sb).isEqualTo(want);
                    assertThat(Compiler.intersect(b, a)).as("rows %d, shares %s %s (swapped)", rows, sa, sb).isEqualTo(want);
                }
            }
        }
    }
}
