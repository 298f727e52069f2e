package io.lalo.llm;

import java.time.Duration;

/**
 * Where an OpenAI-compatible service is and how to call it. The key only ever travels as the bearer token; it is
 * hidden from {@link #toString()} so it cannot reach a log.
 */
public record OpenAiEndpoint(String url, String model, String apiKey, Duration timeout) {

    @Override
    public String toString() {
        return "OpenAiEndpoint[url=" + url + ", model=" + model + ", apiKey=" + (apiKey.isEmpty() ? "" : "***")
                + ", timeout=" + timeout + "]";
    }
}
