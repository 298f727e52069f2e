package io.lalo.rag.index;

import java.util.Arrays;

/**
 * Per-thread working memory for BM25 scoring, reused across queries so a search allocates nothing in proportion
 * to the index: a dense score array (kept all-zero between queries) and the list of ordinals it touched.
 */
final class Scratch {

    private static final ThreadLocal<float[]> SCORES = ThreadLocal.withInitial(() -> new float[1024]);
    private static final ThreadLocal<Ints> TOUCHED = ThreadLocal.withInitial(Ints::new);

    private Scratch() {
    }

    /** An all-zero array of at least {@code size} scores; the caller must zero what it wrote before returning. */
    static float[] scores(int size) {
        float[] scores = SCORES.get();
        if (scores.length < size) {
            scores = new float[Math.max(size, scores.length * 2)];
            SCORES.set(scores);
        }
        return scores;
    }

    static Ints touched() {
        return TOUCHED.get();
    }

    /** The ordinals among {@code candidates} with the {@code k} highest scores, in no particular order. */
    static int[] top(Ints candidates, float[] scores, int k) {
        if (candidates.size <= k) {
            return Arrays.copyOf(candidates.values, candidates.size);
        }
        int[] heap = new int[k];
        int size = 0;
        for (int i = 0; i < candidates.size; i++) {
            int ordinal = candidates.values[i];
            if (size < k) {
                heap[size] = ordinal;
                up(heap, size++, scores);
            } else if (scores[ordinal] > scores[heap[0]]) {
                heap[0] = ordinal;
                down(heap, size, scores);
            }
        }
        return heap;
    }

    private static void up(int[] heap, int at, float[] scores) {
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (scores[heap[at]] >= scores[heap[parent]]) {
                return;
            }
            swap(heap, at, parent);
            at = parent;
        }
    }

    private static void down(int[] heap, int size, float[] scores) {
        int at = 0;
        while (true) {
            int left = 2 * at + 1;
            int smallest = at;
            if (left < size && scores[heap[left]] < scores[heap[smallest]]) {
                smallest = left;
            }
            if (left + 1 < size && scores[heap[left + 1]] < scores[heap[smallest]]) {
                smallest = left + 1;
            }
            if (smallest == at) {
                return;
            }
            swap(heap, at, smallest);
            at = smallest;
        }
    }

    private static void swap(int[] heap, int a, int b) {
        int tmp = heap[a];
        heap[a] = heap[b];
        heap[b] = tmp;
    }

    /** A growable list of ints. */
    static final class Ints {
        int[] values = new int[256];
        int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }
}
