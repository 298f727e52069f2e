package io.lalo.rag.answer;

import io.lalo.rag.index.TextAnalyzer;
import io.lalo.rag.ingest.Sentences;
import io.lalo.rag.search.SearchHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers a question with sentences quoted from the best passages, each followed by a citation marker. A sentence
 * scores by how much of the question's vocabulary it covers (after English analysis), with a prior for the rank
 * of its passage and a penalty for fragments; the best few are kept in reading order. Nothing is invented: when
 * no sentence shares a word with the question, the best passage's opening sentence is cited as the closest
 * material, and the caller can tell from the scores.
 */
public final class ExtractiveAnswerer {

    static final int MAX_SENTENCES = 3;
    static final int MAX_CHARS = 800;

    private final TextAnalyzer analyzer;

    public ExtractiveAnswerer(TextAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    public Answer answer(String question, List<SearchHit> passages) {
        if (passages.isEmpty()) {
            return new Answer("", List.of(), false);
        }
        Set<String> asked = new HashSet<>(analyzer.queryTerms(question));
        List<Candidate> candidates = new ArrayList<>();
        for (int rank = 0; rank < passages.size(); rank++) {
            SearchHit passage = passages.get(rank);
            List<int[]> spans = Sentences.spans(passage.text());
            for (int s = 0; s < spans.size(); s++) {
                int[] span = spans.get(s);
                String sentence = passage.text().substring(span[0], span[1]).strip();
                if (sentence.isEmpty()) {
                    continue;
                }
                Set<String> words = new HashSet<>(analyzer.queryTerms(sentence));
                long covered = words.stream().filter(asked::contains).count();
                double coverage = asked.isEmpty() ? 0 : (double) covered / asked.size();
                double fragment = words.size() < 4 ? 0.3 : 0;
                double score = coverage + 0.25 / (rank + 1) - fragment;
                candidates.add(new Candidate(rank, s, span, sentence, covered, score));
            }
        }
        List<Candidate> chosen = candidates.stream().filter(c -> c.covered() > 0)
                .sorted(Comparator.comparingDouble(Candidate::score).reversed()).limit(MAX_SENTENCES).toList();
        if (chosen.isEmpty()) {
            chosen = candidates.stream().filter(c -> c.rank() == 0).limit(1).toList();
        }
        List<Candidate> reading = new ArrayList<>(chosen);
        reading.sort(Comparator.comparingInt(Candidate::rank).thenComparingInt(Candidate::index));
        Map<Integer, Integer> markers = new LinkedHashMap<>();
        List<Answer.Citation> citations = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Candidate candidate : reading) {
            if (!text.isEmpty() && text.length() + candidate.sentence().length() > MAX_CHARS) {
                break;
            }
            SearchHit passage = passages.get(candidate.rank());
            int marker = markers.computeIfAbsent(candidate.rank(), r -> markers.size() + 1);
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(candidate.sentence()).append(" [").append(marker).append(']');
            int offset = passage.start() + candidate.span()[0];
            citations.add(new Answer.Citation(marker, passage.chunkId(), passage.docId(), passage.title(), offset,
                    offset + (candidate.span()[1] - candidate.span()[0]), candidate.sentence()));
        }
        return new Answer(text.toString(), citations, false);
    }

    private record Candidate(int rank, int index, int[] span, String sentence, long covered, double score) {
    }
}
