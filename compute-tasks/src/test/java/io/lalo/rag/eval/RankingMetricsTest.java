package io.lalo.rag.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    @Test
    void ndcg_isOne_forTheIdealRanking_andDiscountsLaterHits() {
        Map<String, Integer> judged = Map.of("a", 1, "b", 1);
        assertThat(RankingMetrics.ndcg(List.of("a", "b", "x"), judged, 10)).isEqualTo(1.0);
        double late = RankingMetrics.ndcg(List.of("x", "a", "y", "b"), judged, 10);
        double ideal = 1 + 1 / log2(3);
        assertThat(late).isCloseTo((1 / log2(3) + 1 / log2(5)) / ideal, within(1e-12));
        assertThat(RankingMetrics.ndcg(List.of("x", "y"), judged, 10)).isZero();
    }

    @Test
    void ndcg_ignoresHitsBeyondTheCutoff() {
        assertThat(RankingMetrics.ndcg(List.of("x", "y", "a"), Map.of("a", 1), 2)).isZero();
    }

    @Test
    void recall_countsRelevantFoundWithinK() {
        Map<String, Integer> judged = Map.of("a", 1, "b", 1, "c", 0);
        assertThat(RankingMetrics.recall(List.of("a", "c", "x"), judged, 100)).isEqualTo(0.5);
        assertThat(RankingMetrics.recall(List.of("x", "a"), judged, 1)).isZero();
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
