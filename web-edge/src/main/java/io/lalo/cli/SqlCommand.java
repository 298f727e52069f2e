package io.lalo.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code lalo sql -e STATEMENT}: runs one statement over the JDBC thin driver and prints the result as a table (or
 * the update count). The login comes from {@code LALO_SQL_USER} / {@code LALO_SQL_PASSWORD}, set by the launcher. A failure prints one line and exits with status 1, so scripts can rely on the status.
 */
public final class SqlCommand {

    static final int MAX_ROWS = 10_000;

    private SqlCommand() {
    }

    /** Arguments: the JDBC URL and the statement. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: SqlCommand JDBC_URL STATEMENT");
            System.exit(Lalo.EXIT_USAGE);
        }
        String user = System.getenv().getOrDefault("LALO_SQL_USER", "ignite");
        String password = System.getenv().getOrDefault("LALO_SQL_PASSWORD", "");
        try (Connection connection = password.isEmpty() ? DriverManager.getConnection(args[0])
                : DriverManager.getConnection(args[0], user, password);
             Statement statement = connection.createStatement()) {
            statement.setMaxRows(MAX_ROWS);
            if (statement.execute(args[1])) {
                ResultTable table = ResultTable.read(statement.getResultSet(), MAX_ROWS);
                System.out.print(table.render());
                System.out.printf("%d row%s%n", table.rows().size(), table.rows().size() == 1 ? "" : "s");
            } else {
                System.out.printf("%d row%s affected%n", statement.getUpdateCount(),
                        statement.getUpdateCount() == 1 ? "" : "s");
            }
        } catch (SQLException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            if (message.contains("user name or password is incorrect")) {
                message = "login refused: wrong or missing password for user " + user + " (give --password, set "
                        + "LALO_CLIENT_CONNECTOR_PASSWORD, or --data-dir DIR holding thin-client.password)";
            }
            System.err.println("lalo sql: " + message);
            System.exit(1);
        }
    }
}
