package io.lalo.sql.execute;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One statement to run: its text, positional parameters, the most rows to return, how long it may take, and
 * whether a cached result may answer it. Parameters may be null (SQL NULL).
 */
public record SqlRequest(String sql, List<Object> params, int maxRows, Duration timeout, boolean useCache) {

    public SqlRequest {
        params = Collections.unmodifiableList(new ArrayList<>(params));
    }

    public SqlRequest(String sql, List<Object> params, int maxRows, Duration timeout) {
        this(sql, params, maxRows, timeout, true);
    }
}
