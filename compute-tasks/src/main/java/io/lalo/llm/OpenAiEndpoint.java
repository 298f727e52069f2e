package io.lalo.llm;

import java.time.Duration;

/**
 * Where an OpenAI-compatible service is and how to call it. The key only ever travels as the bearer token; it is
 * hidden from {@link #toString()} so it cannot reach a log.
 */
public record OpenAiEndpoint(String url, String model, String apiKey, Duration timeout) {

    /** The endpoint a configuration section names. */
    public static OpenAiEndpoint of(io.lalo.config.LaloConfig.Endpoint configured) {
        return new OpenAiEndpoint(configured.url(), configured.model(), configured.apiKey(), configured.timeout());
    }

    @Override
    public String toString() {
        return "OpenAiEndpoint[url=" + url + ", model=" + model + ", apiKey=" + (apiKey.isEmpty() ? "" : "***")
                + ", timeout=" + timeout + "]";
    }
}
