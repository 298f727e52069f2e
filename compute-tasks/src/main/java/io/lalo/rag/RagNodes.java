package io.lalo.rag;

import io.lalo.rag.answer.Answer;
import io.lalo.rag.index.SearchFilter;
import io.lalo.rag.search.SearchHit;
import io.lalo.rag.search.SearchMode;
import io.lalo.rag.search.SearchRequest;
import io.lalo.rag.search.SearchResponse;
import io.lalo.workflow.NodeInputs;
import io.lalo.workflow.NodeTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RAG node types for workflows, acting as the run's principal: {@code rag.search} ({@code query}, {@code k},
 * {@code mode} → a list of passages) and {@code rag.answer} ({@code question}, {@code k} → the answer with its
 * citations and passages).
 */
public final class RagNodes {

    private RagNodes() {
    }

    public static void register(NodeTypes types, Rag rag) {
        types.register("rag.search", (node, state, context) -> NodeInputs.result(
                NodeInputs.output(node, "passages"), () -> {
                    String query = String.valueOf(NodeInputs.value(node, "query", "state.question", state));
                    SearchResponse response = rag.searchAs(context.principal(), request(node, query));
                    return passages(response.hits());
                }));
        types.register("rag.answer", (node, state, context) -> NodeInputs.result(
                NodeInputs.output(node, "answer"), () -> {
                    String question = String.valueOf(NodeInputs.value(node, "question", "state.question", state));
                    SearchResponse response = rag.searchAs(context.principal(), request(node, question));
                    Answer answer = rag.answer(question, response.hits());
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("text", answer.text());
                    out.put("generated", answer.generated());
                    List<Map<String, Object>> citations = new ArrayList<>();
                    for (Answer.Citation citation : answer.citations()) {
                        Map<String, Object> cited = new LinkedHashMap<>();
                        cited.put("marker", citation.marker());
                        cited.put("docId", citation.docId());
                        cited.put("title", citation.title());
                        cited.put("start", citation.start());
                        cited.put("end", citation.end());
                        cited.put("quote", citation.quote());
                        citations.add(cited);
                    }
                    out.put("citations", citations);
                    out.put("passages", passages(response.hits()));
                    return out;
                }));
    }

    private static SearchRequest request(io.lalo.workflow.NodeSpec node, String query) {
        SearchMode mode = SearchMode.parse(String.valueOf(node.config().getOrDefault("mode", "hybrid")))
                .orElseThrow(() -> new IllegalArgumentException("mode must be vector, bm25 or hybrid"));
        return new SearchRequest(query, NodeInputs.integer(node, "k", 5), mode, SearchFilter.NONE, 0);
    }

    private static List<Map<String, Object>> passages(List<SearchHit> hits) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SearchHit hit : hits) {
            Map<String, Object> passage = new LinkedHashMap<>();
            passage.put("chunkId", hit.chunkId());
            passage.put("docId", hit.docId());
            passage.put("title", hit.title());
            passage.put("text", hit.text());
            passage.put("score", hit.score());
            out.add(passage);
        }
        return out;
    }
}
