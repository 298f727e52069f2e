package io.lalo.sql.execute;

import java.time.Duration;
import java.util.List;

/** One statement to run: its text, positional parameters, the most rows to return, and how long it may take. */
public record SqlRequest(String sql, List<Object> params, int maxRows, Duration timeout) {

    public SqlRequest {
        params = List.copyOf(params);
    }
}
