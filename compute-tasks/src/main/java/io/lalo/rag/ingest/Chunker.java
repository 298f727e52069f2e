package io.lalo.rag.ingest;

import io.lalo.rag.embed.Embedder;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a parsed document into passages that follow its structure and fit the embedding model. Passages are
 * packed from whole sentences; a heading starts a new passage (unless the one being filled is still small), a
 * passage never exceeds {@code maxTokens} of the model's own tokenizer, and when a section runs over several
 * passages each one repeats the last sentences of the previous one, up to {@code overlapTokens}, so a fact that
 * straddles the cut is still found whole. A single sentence longer than the limit is cut at token boundaries.
 */
public final class Chunker {

    private final Embedder tokenizer;
    private final int maxTokens;
    private final int overlapTokens;
    private final int minTokens;

    public Chunker(Embedder tokenizer, int maxTokens, int overlapTokens) {
        if (maxTokens < 16 || maxTokens > tokenizer.maxTokens()) {
            throw new IllegalArgumentException("maxTokens must lie in [16, " + tokenizer.maxTokens() + "]");
        }
        if (overlapTokens < 0 || overlapTokens >= maxTokens / 2) {
            throw new IllegalArgumentException("overlapTokens must lie in [0, maxTokens/2)");
        }
        this.tokenizer = tokenizer;
        this.maxTokens = maxTokens;
        this.overlapTokens = overlapTokens;
        this.minTokens = maxTokens / 4;
    }

    /** Names the cutting rules, so a change of them changes every document's revision. */
    public String signature() {
        return "chunks:" + maxTokens + "/" + overlapTokens;
    }

    public List<Chunk> chunk(ParsedDocument document) {
        List<Piece> pieces = pieces(document);
        List<Chunk> chunks = new ArrayList<>();
        List<Piece> current = new ArrayList<>();
        int tokens = 0;
        for (Piece piece : pieces) {
            boolean newSection = piece.startsSection() && !current.isEmpty() && tokens >= minTokens;
            boolean full = !current.isEmpty() && tokens + piece.tokens() > maxTokens;
            if (newSection || full) {
                chunks.add(chunk(document, chunks.size(), current, tokens));
                List<Piece> carried = newSection ? List.of() : overlap(current, piece.tokens());
                current = new ArrayList<>(carried);
                tokens = carried.stream().mapToInt(Piece::tokens).sum();
            }
            current.add(piece);
            tokens += piece.tokens();
        }
        if (!current.isEmpty()) {
            chunks.add(chunk(document, chunks.size(), current, tokens));
        }
        return chunks;
    }

    private List<Piece> overlap(List<Piece> previous, int nextTokens) {
        List<Piece> carried = new ArrayList<>();
        int tokens = 0;
        for (int i = previous.size() - 1; i > 0; i--) {
            Piece piece = previous.get(i);
            if (tokens + piece.tokens() > overlapTokens || tokens + piece.tokens() + nextTokens > maxTokens
                    || piece.heading()) {
                break;
            }
            carried.add(0, piece);
            tokens += piece.tokens();
        }
        return carried;
    }

    private static Chunk chunk(ParsedDocument document, int number, List<Piece> pieces, int tokens) {
        int start = pieces.get(0).start();
        int end = pieces.get(pieces.size() - 1).end();
        Piece last = pieces.get(pieces.size() - 1);
        return new Chunk(number, start, end, document.text().substring(start, end), last.section(), tokens);
    }

    /** Sentences (and slices of over-long sentences) with their token counts, in order. */
    private List<Piece> pieces(ParsedDocument document) {
        List<Piece> pieces = new ArrayList<>();
        for (ParsedDocument.Block block : document.blocks()) {
            String text = document.text().substring(block.start(), block.end());
            List<Embedder.TokenSpan> spans = tokenizer.tokenSpans(text);
            boolean first = true;
            List<int[]> sentences = Sentences.spans(text);
            int tokenIndex = 0;
            for (int[] sentence : sentences) {
                int from = tokenIndex;
                while (tokenIndex < spans.size() && spans.get(tokenIndex).start() < sentence[1]) {
                    tokenIndex++;
                }
                List<Embedder.TokenSpan> own = spans.subList(from, tokenIndex);
                for (int[] slice : slices(sentence, own)) {
                    pieces.add(new Piece(block.start() + slice[0], block.start() + slice[1], slice[2],
                            block.heading(), first && block.heading(), block.section()));
                    first = false;
                }
            }
        }
        return pieces;
    }

    /** The sentence itself, or consecutive slices of at most {@code maxTokens} tokens: {start, end, tokens}. */
    private List<int[]> slices(int[] sentence, List<Embedder.TokenSpan> tokens) {
        if (tokens.size() <= maxTokens) {
            return List.of(new int[] {sentence[0], sentence[1], Math.max(1, tokens.size())});
        }
        List<int[]> slices = new ArrayList<>();
        int start = sentence[0];
        for (int from = 0; from < tokens.size(); from += maxTokens) {
            int to = Math.min(tokens.size(), from + maxTokens);
            int end = to == tokens.size() ? sentence[1] : tokens.get(to).start();
            slices.add(new int[] {start, end, to - from});
            start = end;
        }
        return slices;
    }

    private record Piece(int start, int end, int tokens, boolean heading, boolean startsSection, String section) {
    }
}
