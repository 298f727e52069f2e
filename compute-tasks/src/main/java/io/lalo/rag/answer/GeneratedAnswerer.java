package io.lalo.rag.answer;

import io.lalo.llm.ChatClient;
import io.lalo.llm.LlmUnavailable;
import io.lalo.rag.search.SearchHit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers written by the configured chat model ({@code rag.generation.*}) from the numbered passages only, citing
 * them as [n]; the citations returned are the passages the answer actually cites. When the model is unreachable
 * or cites nothing it was given, the extractive answer is returned instead — the caller always gets an answer
 * grounded in the passages.
 */
public final class GeneratedAnswerer {

    private static final Logger LOG = LoggerFactory.getLogger(GeneratedAnswerer.class);
    private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,3})]");
    static final String INSTRUCTIONS = "Answer the question using only the numbered passages. Cite every statement "
            + "with the number of its passage in square brackets, like [1]. If the passages do not contain the "
            + "answer, say that they do not. Be brief.";

    private final ChatClient chat;
    private final ExtractiveAnswerer fallback;

    public GeneratedAnswerer(ChatClient chat, ExtractiveAnswerer fallback) {
        this.chat = chat;
        this.fallback = fallback;
    }

    public Answer answer(String question, List<SearchHit> passages) {
        if (passages.isEmpty()) {
            return fallback.answer(question, passages);
        }
        StringBuilder context = new StringBuilder();
        for (int i = 0; i < passages.size(); i++) {
            SearchHit passage = passages.get(i);
            context.append('[').append(i + 1).append("] ").append(passage.title().isEmpty() ? "" : passage.title()
                    + ": ").append(passage.text()).append("\n\n");
        }
        String text;
        try {
            text = chat.complete(List.of(ChatClient.Message.system(INSTRUCTIONS),
                    ChatClient.Message.user("Passages:\n\n" + context + "Question: " + question))).strip();
        } catch (LlmUnavailable e) {
            LOG.info("Answer model unavailable ({}); answering extractively", e.getMessage());
            return fallback.answer(question, passages);
        }
        Set<Integer> cited = new LinkedHashSet<>();
        Matcher marker = MARKER.matcher(text);
        while (marker.find()) {
            int number = Integer.parseInt(marker.group(1));
            if (number >= 1 && number <= passages.size()) {
                cited.add(number);
            }
        }
        if (cited.isEmpty()) {
            return fallback.answer(question, passages);
        }
        List<Answer.Citation> citations = new ArrayList<>();
        for (int number : cited) {
            SearchHit passage = passages.get(number - 1);
            citations.add(new Answer.Citation(number, passage.chunkId(), passage.docId(), passage.title(),
                    passage.start(), passage.end(), passage.text()));
        }
        return new Answer(text, citations, true);
    }
}
