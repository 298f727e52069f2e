package io.lalo.sql.execute;

import java.util.List;

/**
 * Where a streamed query's rows go, one at a time as Ignite's cursor yields them, so a result of any size is never
 * held in memory. Called on the thread running the query; {@link #row} may block to apply back-pressure, and may
 * throw to stop the query (the cursor is closed and the query cancelled).
 */
public interface RowSink {

    /** Called once, before any row: the result's column names and SQL types. */
    void start(List<String> columns, List<String> types);

    void row(List<?> row);
}
