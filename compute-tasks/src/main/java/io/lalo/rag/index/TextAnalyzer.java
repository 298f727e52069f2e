package io.lalo.rag.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * The words BM25 counts: Lucene's English analysis (standard tokenizer, possessives, lower case, stop words,
 * Porter stemming) — the same analysis the BM25 baselines LALO is compared with use. Only the analysis is
 * borrowed from Lucene; the index itself is LALO's (see {@link Bm25Postings} for why). Thread-safe.
 */
public final class TextAnalyzer {

    private final Analyzer analyzer = new EnglishAnalyzer();

    /** One analysed term and where its source word lies in the text. */
    public record Term(String term, int start, int end) {
    }

    public List<Term> terms(String text) {
        List<Term> terms = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(new Term(term.toString(), offset.startOffset(), offset.endOffset()));
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    /** Term frequencies in first-seen order. */
    public Map<String, Integer> frequencies(String text) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Term term : terms(text)) {
            counts.merge(term.term(), 1, Integer::sum);
        }
        return counts;
    }

    /** The distinct query terms, in order. */
    public List<String> queryTerms(String query) {
        return List.copyOf(frequencies(query).keySet());
    }
}
