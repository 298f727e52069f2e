package io.lalo.rag.eval;

import java.util.List;
import java.util.Map;

/** The BEIR retrieval measures, as pytrec_eval computes them (linear gain, log2 discount). */
public final class RankingMetrics {

    private RankingMetrics() {
    }

    /** nDCG@k of a ranking of document ids against graded relevance judgements. */
    public static double ndcg(List<String> ranking, Map<String, Integer> relevance, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranking.size()); i++) {
            dcg += relevance.getOrDefault(ranking.get(i), 0) / log2(i + 2);
        }
        List<Integer> ideal = relevance.values().stream().filter(r -> r > 0)
                .sorted(java.util.Comparator.reverseOrder()).toList();
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ideal.size()); i++) {
            idcg += ideal.get(i) / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    /** Share of the relevant documents found in the first k. */
    public static double recall(List<String> ranking, Map<String, Integer> relevance, int k) {
        long relevant = relevance.values().stream().filter(r -> r > 0).count();
        if (relevant == 0) {
            return 0;
        }
        long found = ranking.stream().limit(k).filter(id -> relevance.getOrDefault(id, 0) > 0).count();
        return (double) found / relevant;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
